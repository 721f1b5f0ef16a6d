"""Achievements on the home page's to-do list (see jiangxin.core.todo): submitted
achievements waiting for a federation reviewer's acceptance, and an enterprise's drafts
not submitted yet; for those who certify benefit, the claims waiting for it. A query
each, scoped to the user's subtree."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from jiangxin.core.access import Scope
from jiangxin.core.todo import TodoItem, register_todo

from .enums import AchievementStatus
from .perms import AchievementPerm
from .selectors import achievement_qs, benefit_claims_pending_count


@register_todo
def achievement_todo(user, scope: Scope) -> list[TodoItem]:
    review, manage = scope.has(AchievementPerm.REVIEW), scope.has(AchievementPerm.MANAGE)
    if not (review or manage):
        return []
    counts = achievement_qs(user).aggregate(
        submitted=Count("id", filter=Q(status=AchievementStatus.SUBMITTED)),
        draft=Count("id", filter=Q(status=AchievementStatus.DRAFT)),
    )
    base = reverse("achievements:list")
    if review:
        items = [
            TodoItem(
                label=_("Innovation achievements waiting for acceptance"),
                count=counts["submitted"],
                url=f"{base}?status={AchievementStatus.SUBMITTED}",
                order=32,
            )
        ]
        if scope.has(AchievementPerm.BENEFIT_CERTIFY):
            items.append(
                TodoItem(
                    label=_("Benefit waiting for certification"),
                    count=benefit_claims_pending_count(user),
                    url=reverse("achievements:benefit_bulk"),
                    order=33,
                )
            )
        return items
    return [
        TodoItem(
            label=_("Innovation achievement drafts not submitted yet"),
            count=counts["draft"],
            url=f"{base}?status={AchievementStatus.DRAFT}",
            order=60,
        )
    ]
