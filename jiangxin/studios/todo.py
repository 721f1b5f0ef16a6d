"""Studios' items on the home page's to-do list (see jiangxin.core.todo): applications
waiting for the review of the user's own org, and studios whose 公示 has ended and which
the user's org names. Read through studio_qs (scoped to the user's subtree)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import Scope
from jiangxin.core.todo import TodoItem, register_todo
from jiangxin.orgs.selectors import org_of_scope

from .enums import IN_REVIEW, StudioStatus
from .perms import StudioPerm
from .selectors import studio_qs
from .workflow import review_path


def _names_studios(scope: Scope) -> bool:
    """Does the user's org name the studios of its subtree? Only when no city or provincial
    federation above it would (the naming org is the last stage of a studio's path)."""
    org = org_of_scope(scope)
    return org is not None and len(review_path(org)) == 1


@register_todo
def studio_todo(user, scope: Scope) -> list[TodoItem]:
    if not scope.has(StudioPerm.REVIEW):
        return []
    today = timezone.localdate()
    counts = studio_qs(user).aggregate(
        review=Count("id", filter=Q(stage_org_id=scope.org_id, status__in=IN_REVIEW)),
        ended=Count("id", filter=Q(status=StudioStatus.ANNOUNCED, announce_until__lt=today)),
    )
    base = reverse("studios:list")
    items = [
        TodoItem(
            label=_("Studio applications waiting for your review"),
            count=counts["review"],
            url=f"{base}?todo=1",
            order=30,
        )
    ]
    if counts["ended"] and _names_studios(scope):
        items.append(
            TodoItem(
                label=_("Studios whose public announcement has ended, ready to be named"),
                count=counts["ended"],
                url=f"{base}?status={StudioStatus.ANNOUNCED}",
                order=35,
            )
        )
    return items
