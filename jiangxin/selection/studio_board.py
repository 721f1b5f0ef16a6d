"""Studio 公示 on the one announcement board: selection's announcements and objections.

`jiangxin.studios.announcement` defines the board a studio is posted on when its final
stage approves it; this module is that board (registered in `SelectionConfig.ready`). A
posting is a one-entry studio-naming campaign of the naming organisation, already at its
announcement: the public list and page, the objection form (real name or a unit's seal),
the investigation record and the decision are selection's own. An upheld objection
withdraws the studio through the `StudioNaming` adapter; naming the studio (on its page)
awards the entry and publishes the campaign once nothing else in it is pending.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.studios.announcement import Posting, announcement_board_register
from jiangxin.studios.workflow import naming_org

from .domain.workflow import ENTRY, require_unfrozen
from .enums import EntryStatus, ObjectionStatus, Stage, SubjectKind
from .models import Announcement, AwardTier, Campaign, Entry, Objection
from .services.announcements import announcement_end


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _entries(studio):
    return Entry.objects.filter(subject_kind=SubjectKind.STUDIO_NAMING, subject_id=studio.pk)


class StudioBoard:
    @transaction.atomic
    def post(self, *, actor, studio, starts_on: date, workdays: int) -> Posting:
        org = naming_org(studio.host, studio.level)
        level = studio.get_level_display()
        title = _("Public announcement of the innovation studio to be named: %(name)s") % {
            "name": studio.name
        }
        campaign = Campaign(
            org=org,
            title=title[:200],
            year=starts_on.year,
            subject_kind=SubjectKind.STUDIO_NAMING,
            stage=Stage.ANNOUNCEMENT,
            announcement_workdays=workdays,
            description=studio.description,
            created_by=_actor(actor),
        )
        campaign.full_clean()
        campaign.save()
        tier = AwardTier.objects.create(campaign=campaign, position=1, name=level, quota=1)
        Entry.objects.create(
            campaign=campaign,
            subject_kind=SubjectKind.STUDIO_NAMING,
            subject_id=studio.pk,
            title=f"{studio.name}（{studio.leader.name}）"[:200],
            display_name=studio.name,
            field=studio.field[:120],
            org=studio.host,
            current_org=org,
            status=EntryStatus.RANKED,
            nominated_at=timezone.now(),
            rank=1,
            tier=tier,
        )
        announcement = Announcement(
            campaign=campaign,
            title=title[:200],
            notice=_(
                "%(org)s intends to name %(name)s (leader %(leader)s, %(host)s; field: "
                "%(field)s) a %(level)s innovation studio. Objections may be raised under a "
                "real name, or by a unit with its seal, until the announcement ends."
            )
            % {
                "org": org.name,
                "name": studio.name,
                "leader": studio.leader.name,
                "host": studio.host.name,
                "field": studio.field,
                "level": level,
            },
            starts_on=starts_on,
            workdays=workdays,
            ends_on=announcement_end(starts_on, workdays),
            opened_by=_actor(actor),
        )
        announcement.full_clean()
        announcement.save()
        return Posting(ends_on=announcement.ends_on, public_url=announcement.get_absolute_url())

    def open_objections(self, studio) -> int:
        return Objection.objects.filter(
            entry__subject_kind=SubjectKind.STUDIO_NAMING,
            entry__subject_id=studio.pk,
            status=ObjectionStatus.OPEN,
        ).count()

    def close(self, *, actor, studio) -> None:
        """The studio is named: its entries still in an announcement are awarded (with the
        studio's certificate); a campaign with nothing else pending is published."""
        entries = list(
            _entries(studio)
            .filter(campaign__stage=Stage.ANNOUNCEMENT, tier__isnull=False)
            .exclude(status=EntryStatus.WITHDRAWN)
        )
        require_unfrozen(*entries)
        for e in entries:
            ENTRY.require_transition(e.status, "award")
            e.status, e.certificate_id = EntryStatus.AWARDED, studio.certificate_id
        Entry.objects.bulk_update(entries, ["status", "certificate"])
        now = timezone.now()
        for campaign_id in {e.campaign_id for e in entries}:
            pending = (
                Entry.objects.filter(campaign_id=campaign_id, tier__isnull=False)
                .exclude(status__in=[EntryStatus.AWARDED, EntryStatus.WITHDRAWN])
                .exists()
            )
            if not pending:
                Campaign.objects.filter(pk=campaign_id).update(
                    stage=Stage.PUBLISHED,
                    decision_number=studio.document_number[:60],
                    published_at=now,
                    updated_at=now,
                )
                Announcement.objects.filter(campaign_id=campaign_id, closed_at=None).update(
                    closed_at=now
                )

    def links(self, studio) -> dict[str, str]:
        entry = (
            _entries(studio)
            .filter(campaign__announcement__isnull=False)
            .select_related("campaign__announcement")
            .order_by("-id")
            .first()
        )
        if entry is None:
            return {}
        announcement = entry.campaign.announcement
        return {
            "public": announcement.get_absolute_url(),
            "manage": reverse("selection:announcement", args=[entry.campaign_id]),
        }


def register() -> None:
    announcement_board_register(StudioBoard())
