"""Selection's items on the home page's to-do list (see jiangxin.core.todo): nominations
waiting for the sheet of the user's level, arrivals waiting for the formal check,
scorecards to fill, objections to decide, and 公示 that end soon or have ended. One
query per kind of item, grouped by campaign (at most MAX_CAMPAIGNS items each)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import Scope
from jiangxin.core.todo import TodoItem, register_todo

from .enums import EntryStatus, ObjectionStatus, ScorecardStatus, Stage, SubjectKind
from .perms import SelectionPerm
from .selectors import (
    announcement_managed_qs,
    entry_managed_qs,
    entry_of_visible_campaigns_qs,
    objection_managed_qs,
    scorecard_own_qs,
)

MAX_CAMPAIGNS = 5
ENDING_SOON_DAYS = 3


def _by_campaign(qs) -> list[dict]:
    return list(
        qs.values("campaign_id", "campaign__title")
        .annotate(n=Count("id"))
        .order_by("-campaign_id")[:MAX_CAMPAIGNS]
    )


@register_todo
def nominations_waiting(user, scope: Scope) -> list[TodoItem]:
    """Entries waiting at the user's own level for its ranked recommendation sheet."""
    if not scope.has(SelectionPerm.NOMINATE) or scope.org_id is None:
        return []
    qs = (
        entry_of_visible_campaigns_qs(user)
        .filter(
            campaign__stage=Stage.NOMINATION,
            current_org_id=scope.org_id,
            status=EntryStatus.NOMINATED,
        )
        .exclude(campaign__org_id=scope.org_id)
    )
    return [
        TodoItem(
            label=_("Nominations waiting for your recommendation sheet: %(title)s")
            % {"title": row["campaign__title"]},
            count=row["n"],
            url=reverse("selection:sheet", args=[row["campaign_id"]]),
            order=30,
        )
        for row in _by_campaign(qs)
    ]


@register_todo
def formal_checks_waiting(user, scope: Scope) -> list[TodoItem]:
    if not scope.has(SelectionPerm.MANAGE):
        return []
    qs = entry_managed_qs(user).filter(
        campaign__stage=Stage.FORMAL_CHECK,
        current_org_id=F("campaign__org_id"),
        status=EntryStatus.NOMINATED,
    )
    return [
        TodoItem(
            label=_("Nominations waiting for the formal check: %(title)s")
            % {"title": row["campaign__title"]},
            count=row["n"],
            url=reverse("selection:check_list", args=[row["campaign_id"]]),
            order=30,
        )
        for row in _by_campaign(qs)
    ]


@register_todo
def scorecards_to_fill(user, scope: Scope) -> list[TodoItem]:
    if not scope.has(SelectionPerm.SCORE):
        return []
    n = (
        scorecard_own_qs(user)
        .filter(status=ScorecardStatus.DRAFT, campaign__stage=Stage.EXPERT_REVIEW)
        .count()
    )
    return [
        TodoItem(
            label=_("Scorecards to fill in"),
            count=n,
            url=reverse("selection:my_scorecards"),
            order=25,
        )
    ]


@register_todo
def objections_to_decide(user, scope: Scope) -> list[TodoItem]:
    if not scope.has(SelectionPerm.MANAGE):
        return []
    rows = list(
        objection_managed_qs(user)
        .filter(status=ObjectionStatus.OPEN)
        .values("entry__campaign_id", "entry__campaign__title")
        .annotate(n=Count("id"))
        .order_by("-entry__campaign_id")[:MAX_CAMPAIGNS]
    )
    return [
        TodoItem(
            label=_("Objections to decide: %(title)s") % {"title": row["entry__campaign__title"]},
            count=row["n"],
            url=reverse("selection:announcement", args=[row["entry__campaign_id"]]),
            severity="warning",
            order=20,
        )
        for row in rows
    ]


@register_todo
def announcements_ending(user, scope: Scope) -> list[TodoItem]:
    """公示 of campaigns the user manages: ended (ready to publish) or ending soon."""
    if not scope.has(SelectionPerm.MANAGE):
        return []
    today = timezone.localdate()
    rows = list(
        announcement_managed_qs(user)
        .filter(
            campaign__stage=Stage.ANNOUNCEMENT,
            closed_at__isnull=True,
            ends_on__lte=today + timedelta(days=ENDING_SOON_DAYS),
        )
        .values("campaign_id", "campaign__title", "campaign__subject_kind", "ends_on")
        .order_by("ends_on", "id")[:MAX_CAMPAIGNS]
    )
    items = []
    for row in rows:
        url = reverse("selection:announcement", args=[row["campaign_id"]])
        title = row["campaign__title"]
        if row["ends_on"] < today:
            if row["campaign__subject_kind"] == SubjectKind.STUDIO_NAMING:
                continue  # it ends in naming the studio: the studios' own to-do item
            label = _("Public announcement ended, ready to publish: %(title)s") % {"title": title}
        else:
            label = _("Public announcement ends on %(date)s: %(title)s") % {
                "date": row["ends_on"].isoformat(),
                "title": title,
            }
        items.append(TodoItem(label=label, count=1, url=url, order=40))
    return items
