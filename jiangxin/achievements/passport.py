"""The talent passport's achievement rows: every achievement a worker completed (with
their place among the completers) and the patents of those achievements. One query per
source for any number of workers."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jiangxin.people.passport import PassportEntry

from .enums import AchievementStatus, PatentStatus, PatentType


def _when(d: date | None, fallback) -> date:
    return d or fallback.date()


def achievements_source(workers) -> dict[int, list[PassportEntry]]:
    from .models import Completer

    rows = Completer.objects.filter(worker__in=workers).select_related(
        "achievement", "achievement__enterprise"
    )
    out: dict[int, list[PassportEntry]] = {}
    for c in rows:
        a = c.achievement
        parts = [
            a.get_kind_display(),
            _("completer %(n)d") % {"n": c.order} if c.order > 1 else _("first completer"),
            a.enterprise.name,
        ]
        out.setdefault(c.worker_id, []).append(
            PassportEntry(
                when=_when(a.completed_on, a.created_at),
                kind="achievement",
                title=a.title,
                detail=" · ".join(str(p) for p in parts),
                pending=a.status != AchievementStatus.ACCEPTED,
                pending_label=a.get_status_display(),
            )
        )
    return out


def patents_source(workers) -> dict[int, list[PassportEntry]]:
    from .models import Patent

    rows = (
        Patent.objects.filter(achievement__completers__worker__in=workers)
        .values_list(
            "achievement__completers__worker_id",
            "application_number",
            "patent_type",
            "status",
            "grant_date",
            "title",
            "created_at",
        )
        .order_by("application_number")
    )
    out: dict[int, list[PassportEntry]] = {}
    for worker_id, number, ptype, status, granted, title, created in rows:
        out.setdefault(worker_id, []).append(
            PassportEntry(
                when=granted or created.date(),
                kind="patent",
                title=_("Patent %(number)s: %(title)s") % {"number": number, "title": title},
                detail=f"{PatentType(ptype).label} · {PatentStatus(status).label}",
            )
        )
    return out
