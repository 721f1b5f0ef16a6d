from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .access import get_scoped_or_404, owned_by, require_perm
from .models import AuditEvent
from .models_documents import IssuedDocument
from .models_tasks import TaskProgress
from .pagination import KeysetPage, keyset_page
from .roles import Perm


def audit_qs(
    user,
    *,
    username: str = "",
    action: str = "",
    result: str = "",
    date_from: str = "",
    date_to: str = "",
    object_type: str = "",
) -> QuerySet[AuditEvent]:
    """Audit rows for an auditor: events under the auditor's subtree, plus events with no
    org (logins, tokens) of users whose home org is in that subtree."""
    scope = require_perm(user, Perm.AUDIT_VIEW)
    q = Q()
    for path in scope.paths:
        q |= Q(org_path__startswith=path) | Q(org_path="", user__home_org__path__startswith=path)
        q |= Q(org_path="", user__isnull=True)
    qs = AuditEvent.objects.filter(q)
    if username:
        qs = qs.filter(username=username)
    if action:
        qs = qs.filter(action__startswith=action)
    if result:
        qs = qs.filter(result=result)
    if object_type:
        qs = qs.filter(object_type=object_type)
    tz = timezone.get_current_timezone()
    if d := _filter_date(date_from, _("From")):
        qs = qs.filter(at__gte=datetime.combine(d, time.min, tzinfo=tz))
    if d := _filter_date(date_to, _("To")):
        qs = qs.filter(at__lte=datetime.combine(d, time.max, tzinfo=tz))
    return qs


def _filter_date(text: str, label) -> date | None:
    """A filter's date as typed (YYYY-MM-DD); anything else is a 400 naming the field."""
    if not text:
        return None
    try:
        d = parse_date(text)
    except ValueError:
        d = None
    if d is None:
        raise BadRequest(
            _("%(field)s: “%(value)s” is not a date (YYYY-MM-DD).")
            % {"field": label, "value": text[:40]}
        )
    return d


def audit_list(user, *, cursor: str | None = None, size: int = 50, **filters) -> KeysetPage:
    return keyset_page(audit_qs(user, **filters), order=("-id",), cursor=cursor, size=size)


def audit_export_rows(user, **filters) -> Iterator[list]:
    from .audit_actions import audit_object_type_label

    qs = audit_qs(user, **filters)  # before the header: a bad filter is refused at once
    yield [
        _("Time"),
        _("User"),
        _("IP address"),
        _("Action"),
        _("Object type"),
        _("Object ID"),
        _("Object"),
        _("Result"),
        _("Details"),
    ]
    tz = timezone.get_current_timezone()
    for e in qs.order_by("-id").iterator(chunk_size=2000):
        yield [
            timezone.localtime(e.at, tz).strftime("%Y-%m-%d %H:%M:%S"),
            e.username,
            e.ip or "",
            e.action_label,
            audit_object_type_label(e.object_type),
            e.object_id,
            e.object_repr,
            e.get_result_display(),
            str(e.details) if e.details else "",
        ]


# --- the official calendar (read by everyone who is logged in) ---------------------------


def official_year_detail(year: int) -> dict:
    """One year of the official calendar: its record (None if never entered) and days."""
    from .models_calendar import OfficialDay, OfficialYear

    record = OfficialYear.objects.select_related("confirmed_by").filter(year=year).first()
    days = list(OfficialDay.objects.filter(date__year=year).order_by("date"))
    return {"year": year, "record": record, "days": days}


def user_jobs(user) -> QuerySet[TaskProgress]:
    """The user's own background jobs (imports, exports)."""
    return owned_by(TaskProgress.objects.all(), user, "owner")


def user_job_or_404(user, pk: int) -> TaskProgress:
    return get_object_or_404(user_jobs(user), pk=pk)


def document_get_or_404(user, uuid) -> IssuedDocument:
    """An issued document of the user's subtree, by its UUID (404 outside)."""
    return get_scoped_or_404(IssuedDocument.objects.select_related("org"), user, "org", uuid=uuid)
