"""The talent passport's award rows: each award a worker won in a published selection
(as the nominee, or as a completer of the achievement awarded), with its certificate."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.people.passport import PassportEntry

from .enums import EntryStatus, SubjectKind

WORKER_KINDS = (SubjectKind.CRAFTSMAN_TITLE, SubjectKind.MODEL_WORKER_RECOMMENDATION)


def award_entry(entry) -> PassportEntry:
    campaign = entry.campaign
    when = timezone.localtime(campaign.published_at).date() if campaign.published_at else None
    return PassportEntry(
        when=when or timezone.localtime(entry.certificate.issued_at).date(),
        kind="award",
        title=_("%(award)s · %(campaign)s")
        % {"award": entry.tier.name, "campaign": campaign.title},
        detail=" ".join(x for x in (campaign.org.name, campaign.decision_number, entry.title) if x),
        document_url=reverse("selection:certificate_pdf", args=[entry.pk]),
    )


def awards_source(workers) -> dict[int, list[PassportEntry]]:
    from jiangxin.achievements.models import Completer

    from .models import Entry

    ids = [w.pk for w in workers]
    by_subject: dict[tuple[str, int], list[int]] = {(k, i): [i] for k in WORKER_KINDS for i in ids}
    for worker_id, achievement_id in Completer.objects.filter(worker_id__in=ids).values_list(
        "worker_id", "achievement_id"
    ):
        by_subject.setdefault((SubjectKind.ACHIEVEMENT_AWARD, achievement_id), []).append(worker_id)
    achievement_ids = [i for k, i in by_subject if k == SubjectKind.ACHIEVEMENT_AWARD]
    rows = (
        Entry.objects.filter(status=EntryStatus.AWARDED, certificate__isnull=False)
        .filter(
            models_q(WORKER_KINDS, ids)
            | models_q((SubjectKind.ACHIEVEMENT_AWARD,), achievement_ids)
        )
        .select_related("campaign__org", "tier", "certificate")
    )
    out: dict[int, list[PassportEntry]] = {}
    for entry in rows:
        for worker_id in by_subject.get((entry.subject_kind, entry.subject_id), []):
            out.setdefault(worker_id, []).append(award_entry(entry))
    return out


def models_q(kinds, subject_ids):
    from django.db.models import Q

    return Q(subject_kind__in=list(kinds), subject_id__in=list(subject_ids))
