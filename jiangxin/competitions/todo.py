"""Competitions' item on the home page's to-do list (see jiangxin.core.todo):
registrations waiting for the approval of the user's level."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jiangxin.core.access import Scope
from jiangxin.core.todo import TodoItem, register_todo

from .perms import CompetitionPerm
from .selectors import registration_todo_count


@register_todo
def competition_todo(user, scope: Scope) -> list[TodoItem]:
    if not (
        scope.has(CompetitionPerm.REGISTER)
        or scope.has(CompetitionPerm.REVIEW)
        or scope.has(CompetitionPerm.MANAGE)
    ):
        return []
    return [
        TodoItem(
            label=_("Competition registrations waiting for your approval"),
            count=registration_todo_count(user),
            url=reverse("competitions:registrations") + "?todo=1",
            order=40,
        )
    ]
