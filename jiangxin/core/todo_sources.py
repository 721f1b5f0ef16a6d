"""core's own to-do items: the official calendar running out (federation admins) and the
user's imports that failed."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import Scope
from .calendar import calendar_runs_out
from .models_tasks import TaskProgress
from .roles import Perm
from .selectors import user_jobs
from .todo import TodoItem, register_todo

FAILED_IMPORTS_DAYS = 30


@register_todo
def calendar_running_out(user, scope: Scope) -> list[TodoItem]:
    if not scope.has(Perm.CALENDAR_MANAGE):
        return []
    year = calendar_runs_out(timezone.localdate())
    if year is None:
        return []
    return [
        TodoItem(
            label=_("The official calendar for %(year)d is not entered yet") % {"year": year},
            count=None,
            url=f"{reverse('core:calendar')}?year={year}",
            severity="warning",
            order=10,
        )
    ]


@register_todo
def failed_imports(user, scope: Scope) -> list[TodoItem]:
    """The user's own imports of the last 30 days that were refused or failed, unless a
    later import of the same kind went through (one query); the link opens the latest."""
    since = timezone.now() - timedelta(days=FAILED_IMPORTS_DAYS)
    jobs = (
        user_jobs(user)
        .filter(kind="import", created_at__gte=since)
        .filter(state__in=[TaskProgress.State.DONE, TaskProgress.State.FAILED])
        .order_by("-id")
        .values("id", "state", "result", "params")[:200]
    )
    failed, succeeded = [], set()
    for job in jobs:
        name = (job["params"] or {}).get("name")
        ok = job["state"] == TaskProgress.State.DONE and (job["result"] or {}).get("ok", False)
        if ok:
            succeeded.add(name)
        elif name not in succeeded:
            failed.append(job)
    if not failed:
        return []
    return [
        TodoItem(
            label=_("Imports that failed (last %(days)d days)") % {"days": FAILED_IMPORTS_DAYS},
            count=len(failed),
            url=reverse("core:job_detail", args=[failed[0]["id"]]),
            severity="danger",
            order=20,
        )
    ]
