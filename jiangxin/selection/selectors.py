"""Scoped reads of selection campaigns, entries, sheets, scorecards and announcements."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import (
    get_scoped_or_404,
    owned_by,
    require_perm,
    scoped,
    scoped_by,
    user_scope,
)
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.people.perms import PeoplePerm

from .access import campaign_visible_q, require_manage
from .domain.eligibility import evaluate_rules
from .domain.strokes import stroke_sort_key
from .enums import CoiReason, EntryStatus, ObjectionStatus, Stage
from .models import (
    Announcement,
    Campaign,
    ConflictRecord,
    Entry,
    Objection,
    Quota,
    Scorecard,
    SheetLine,
)
from .perms import SelectionPerm
from .subjects import adapter_for


def campaign_qs(user) -> QuerySet[Campaign]:
    return scoped_by(Campaign.objects.all(), campaign_visible_q(user)).select_related("org")


def entry_managed_qs(user) -> QuerySet[Entry]:
    """Entries of the campaigns organised in the user's subtree."""
    return scoped(Entry.objects.all(), user, "campaign__org")


def entry_of_visible_campaigns_qs(user) -> QuerySet[Entry]:
    return Entry.objects.filter(campaign__in=campaign_qs(user).values("pk"))


def objection_managed_qs(user) -> QuerySet[Objection]:
    return scoped(Objection.objects.all(), user, "entry__campaign__org")


def announcement_managed_qs(user) -> QuerySet[Announcement]:
    return scoped(Announcement.objects.all(), user, "campaign__org")


def scorecard_own_qs(user) -> QuerySet[Scorecard]:
    """The expert's own scorecards."""
    return owned_by(Scorecard.objects.all(), user, "expert")


def campaign_list(user, *, cursor: str | None = None, size: int = 50) -> KeysetPage:
    return keyset_page(campaign_qs(user), order=("-id",), cursor=cursor, size=size)


def campaign_get(user, pk: int) -> Campaign:
    campaign = campaign_qs(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def campaign_get_managed(user, pk: int) -> Campaign:
    campaign = campaign_get(user, pk)
    require_manage(user, campaign)
    return campaign


def campaign_counts(campaign: Campaign) -> dict[str, int]:
    rows = Entry.objects.filter(campaign=campaign).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def _entry_viewer(user):
    scope = user_scope(user)
    if not (scope.has(SelectionPerm.MANAGE) or scope.has(SelectionPerm.NOMINATE)):
        raise Http404
    return scope


def entry_qs(user) -> QuerySet[Entry]:
    return scoped(Entry.objects.all(), user, "org")


def entry_list(
    user, campaign: Campaign, *, status: str = "", cursor: str | None = None, size: int = 50
) -> KeysetPage:
    _entry_viewer(user)
    qs = entry_qs(user).filter(campaign=campaign).select_related("org", "current_org", "tier")
    if status:
        qs = qs.filter(status=status)
    return keyset_page(qs, order=("id",), cursor=cursor, size=size)


def entry_get(user, pk: int) -> Entry:
    _entry_viewer(user)
    return get_scoped_or_404(
        Entry.objects.select_related("campaign__org", "org", "current_org", "tier"),
        user,
        "org",
        pk=pk,
    )


def entry_sheet_lines(entry: Entry) -> list[SheetLine]:
    return list(entry.sheet_lines.select_related("org").order_by("submitted_at", "id"))


ACTIVE_ENTRY = (EntryStatus.NOMINATED, EntryStatus.CHECK_PASSED, EntryStatus.RANKED)


def active_nominations(campaign: Campaign, subject_ids) -> dict[int, Entry]:
    """The subjects (of the campaign's kind) already nominated: to this campaign (in any
    status), or still in the running in another campaign that is not yet published. The
    entry found, with its campaign, for each."""
    ids = [i for i in subject_ids if isinstance(i, int)]
    if not ids:
        return {}
    qs = (
        Entry.objects.unscoped("one nomination per subject, across every campaign")
        .filter(subject_kind=campaign.subject_kind, subject_id__in=ids)
        .filter(
            Q(campaign=campaign)
            | (Q(status__in=ACTIVE_ENTRY) & ~Q(campaign__stage=Stage.PUBLISHED))
        )
        .select_related("campaign")
        .order_by("-id")
    )
    found: dict[int, Entry] = {}
    for e in qs:
        if e.subject_id not in found or e.campaign_id == campaign.pk:
            found[e.subject_id] = e
    return found


def subject_people(entry: Entry) -> list:
    adapter = adapter_for(entry.subject_kind)
    obj = adapter.get(entry.subject_id)
    return adapter.people(obj) if obj is not None else []


# --- levels and sheets ------------------------------------------------------------------


def acting_level(user, campaign: Campaign) -> Org | None:
    """The org at which the user's active role ranks and recommends (below the organiser)."""
    scope = user_scope(user)
    if not scope.has(SelectionPerm.NOMINATE) or scope.org_id is None:
        return None
    org = Org.objects.unscoped("the active role's own org").filter(pk=scope.org_id).first()
    if org is None or not org.path.startswith(campaign.org.path):
        return None
    return org


def sheet_org(user, campaign: Campaign, org_id: int | None) -> Org:
    """The level whose sheet is asked for: one in the user's scope, under the organiser."""
    require_perm(user, SelectionPerm.NOMINATE)
    if org_id is None:
        org = acting_level(user, campaign)
        if org is None:
            raise Http404
        return org
    org = get_scoped_or_404(Org.objects.all(), user, None, pk=org_id)
    if not org.path.startswith(campaign.org.path):
        raise Http404
    return org


def sheet_waiting(campaign: Campaign, org: Org) -> list[Entry]:
    return list(
        Entry.objects.filter(campaign=campaign, current_org=org, status=EntryStatus.NOMINATED)
        .select_related("org")
        .order_by("nominated_at", "id")
    )


def sheet_submitted(campaign: Campaign, org: Org) -> list[SheetLine]:
    return list(
        SheetLine.objects.filter(campaign=campaign, org=org)
        .select_related("entry__org", "submitted_by")
        .order_by("-recommended", "rank", "id")
    )


def quota_for(campaign: Campaign, org: Org) -> Quota | None:
    return Quota.objects.filter(campaign=campaign, org=org).first()


def cascade_children(parent: Org) -> list[Org]:
    """The organisations a quota is shared among: the parent's children, branches aside.
    `parent` is an org the caller already holds (the campaign's organiser or the sheet's
    level, both checked by the caller), so its children are read without a user scope."""
    return list(
        Org.objects.unscoped("the children of an org the caller already checked")
        .filter(path__startswith=parent.path, depth=parent.depth + 1)
        .exclude(kind=OrgKind.BRANCH)
        .order_by("path")
    )


def quota_rows(campaign: Campaign, parent: Org) -> list[tuple[Org, Quota | None]]:
    children = cascade_children(parent)
    quotas = {q.org_id: q for q in Quota.objects.filter(campaign=campaign, org__in=children)}
    return [(c, quotas.get(c.pk)) for c in children]


def sheet_export_rows(user, campaign: Campaign, org: Org):
    yield [_("Rank"), _("Recommended"), _("Entry"), _("Organisation"), _("Submitted")]
    for line in sheet_submitted(campaign, org):
        yield [
            line.rank or "",
            _("yes") if line.recommended else _("no"),
            line.entry.title,
            line.entry.org.name,
            timezone.localtime(line.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ]
    for e in sheet_waiting(campaign, org):
        yield ["", _("waiting"), e.title, e.org.name, ""]


# --- formal check, experts, results ---------------------------------------------------------


def eligibility(campaign: Campaign, obj) -> list[str]:
    """Why the subject is excluded by the campaign's rules (empty: eligible)."""
    adapter = adapter_for(campaign.subject_kind)
    return evaluate_rules(campaign.rules, adapter.profile(obj, campaign))


def check_list(campaign: Campaign) -> list[tuple[Entry, list[str]]]:
    """The arrivals at the organiser with the rules' reasons evaluated again now."""
    entries = list(
        Entry.objects.filter(
            campaign=campaign,
            current_org=campaign.org,
            status__in=[EntryStatus.NOMINATED, EntryStatus.CHECK_PASSED, EntryStatus.CHECK_FAILED],
        )
        .select_related("org")
        .order_by("id")
    )
    adapter = adapter_for(campaign.subject_kind)
    objs = adapter.load([e.subject_id for e in entries])
    return [
        (
            e,
            eligibility(campaign, objs[e.subject_id])
            if e.subject_id in objs
            else [_("The subject no longer exists.")],
        )
        for e in entries
    ]


def coi_report(campaign: Campaign) -> list[ConflictRecord]:
    rows = list(
        ConflictRecord.objects.filter(campaign=campaign)
        .select_related("entry__org", "expert")
        .order_by("entry_id", "expert_id")
    )
    for row in rows:
        row.labels = [str(CoiReason(r).label) if r in CoiReason.values else r for r in row.reasons]
    return rows


def panel_list(campaign: Campaign):
    return list(campaign.panels.prefetch_related("members"))


def assignment_counts(campaign: Campaign) -> dict[str, int]:
    rows = Scorecard.objects.filter(campaign=campaign).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def results_page(campaign: Campaign, *, cursor: str | None = None, size: int = 100) -> KeysetPage:
    qs = Entry.objects.filter(campaign=campaign, rank__isnull=False).select_related("org", "tier")
    return keyset_page(qs, order=("rank", "id"), cursor=cursor, size=size)


def ranking_export_rows(campaign: Campaign):
    yield [
        _("Rank"),
        _("Award"),
        _("Entry"),
        _("Organisation"),
        _("Score"),
        _("Highest single score"),
        _("First-place votes"),
        _("Scores"),
        _("Unresolved tie"),
        _("Status"),
    ]
    qs = (
        Entry.objects.filter(campaign=campaign, rank__isnull=False)
        .select_related("org", "tier")
        .order_by("rank", "id")
    )
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.rank,
            e.tier.name if e.tier else "",
            e.title,
            e.org.name,
            float(e.score) if e.score is not None else "",
            float(e.max_score) if e.max_score is not None else "",
            e.first_places,
            e.n_scores,
            _("yes") if e.tied else "",
            e.get_status_display(),
        ]


# --- scorecards -------------------------------------------------------------------------


def my_scorecards(user, *, cursor: str | None = None, size: int = 50) -> KeysetPage:
    require_perm(user, SelectionPerm.SCORE)
    qs = scorecard_own_qs(user).select_related("entry", "campaign")
    return keyset_page(qs, order=("-id",), cursor=cursor, size=size)


def scorecard_get(user, pk: int) -> Scorecard:
    """One of the user's own scorecards (an expert sees only theirs), else 404."""
    require_perm(user, SelectionPerm.SCORE)
    card = (
        Scorecard.objects.select_related("campaign__org", "entry")
        .filter(pk=pk, expert=user)
        .first()
    )
    if card is None:
        raise Http404
    return card


# --- announcements and objections ---------------------------------------------------------


def announcement_public(uuid) -> Announcement:
    announcement = (
        Announcement.objects.unscoped("a 公示 is public")
        .select_related("campaign__org")
        .filter(uuid=uuid)
        .first()
    )
    if announcement is None:
        raise Http404
    return announcement


def announcement_list_public(*, cursor: str | None = None, size: int = 30) -> KeysetPage:
    qs = Announcement.objects.unscoped("every 公示 is public").select_related("campaign__org")
    return keyset_page(qs, order=("-starts_on", "-id"), cursor=cursor, size=size)


def public_entries(announcement: Announcement) -> list[Entry]:
    """People by surname strokes; other subjects by award, then score."""
    campaign = announcement.campaign
    entries = list(
        Entry.objects.filter(campaign=campaign, tier__isnull=False)
        .exclude(status=EntryStatus.WITHDRAWN)
        .select_related("org", "tier")
    )
    if adapter_for(campaign.subject_kind).is_person:
        entries.sort(key=lambda e: (stroke_sort_key(e.display_name), e.pk))
    else:
        entries.sort(key=lambda e: (e.tier.position, -(e.score or 0), e.rank or 0, e.pk))
    return entries


def objection_list(campaign: Campaign) -> list[Objection]:
    return list(
        Objection.objects.filter(entry__campaign=campaign)
        .select_related("entry", "decided_by")
        .order_by("-id")
    )


def objection_get(user, pk: int) -> Objection:
    objection = (
        Objection.objects.select_related("entry__campaign__org", "entry__org", "announcement")
        .filter(pk=pk)
        .filter(entry__campaign__in=campaign_qs(user))
        .first()
    )
    if objection is None:
        raise Http404
    require_manage(user, objection.entry.campaign)
    return objection


def open_objection_count(campaign: Campaign) -> int:
    return Objection.objects.filter(entry__campaign=campaign, status=ObjectionStatus.OPEN).count()


def objection_by_reference(reference: str) -> Objection | None:
    """Public: an objection by its reference number (what its objector may see)."""
    return (
        Objection.objects.unscoped("its reference number is what its objector holds")
        .select_related("announcement", "entry")
        .filter(reference=reference[:16])
        .first()
    )


# --- award certificates ---------------------------------------------------------------------

CERTIFICATE_READERS = (PeoplePerm.VIEW, SelectionPerm.MANAGE, SelectionPerm.NOMINATE)


def certificate_q(user) -> Q:
    """The award certificates a user may read: everyone the document concerns. The
    awardee (their own account: the worker, or a completer), and, with a role that may
    see people or take part in selections, whoever covers the awardee's organisation, an
    awardee's employer, or the organiser. A sibling organisation sees none."""
    from jiangxin.people.models import Worker

    from .subjects import adapters

    q = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return q
    kinds = list(adapters().items())
    own = Worker.objects.filter(user=user)
    for kind, adapter in kinds:
        q |= Q(subject_kind=kind, subject_id__in=adapter.subject_ids_of(own))
    scope = user_scope(user)
    if any(scope.has(p) for p in CERTIFICATE_READERS):
        for path in scope.paths:
            q |= Q(org__path__startswith=path) | Q(campaign__org__path__startswith=path)
            employed = Worker.objects.filter(employer__path__startswith=path)
            for kind, adapter in kinds:
                q |= Q(subject_kind=kind, subject_id__in=adapter.subject_ids_of(employed))
    return q


def certificate_qs(user) -> QuerySet[Entry]:
    return scoped_by(
        Entry.objects.filter(status=EntryStatus.AWARDED, certificate__isnull=False),
        certificate_q(user),
    ).select_related("campaign__org", "org", "tier", "certificate")


def certificate_list(user, *, cursor: str | None = None, size: int = 50) -> KeysetPage:
    return keyset_page(certificate_qs(user), order=("-id",), cursor=cursor, size=size)


def certificate_get(user, entry_pk: int) -> Entry:
    """An awarded entry with its certificate, if the user may read it; else 404."""
    entry = certificate_qs(user).filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    return entry


def certificate_readable_ids(user, entry_ids) -> set[int]:
    """Which of these entries' certificates the user may read (one query)."""
    ids = [i for i in entry_ids if i]
    if not ids:
        return set()
    return set(certificate_qs(user).filter(pk__in=ids).values_list("pk", flat=True))
