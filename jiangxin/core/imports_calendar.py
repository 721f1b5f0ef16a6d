"""Import of the official calendar from Excel: one row per day that differs from the
plain week (a public holiday, or a weekend day worked), as the State Council's notice
lists them. The years in the file are marked confirmed by the importer."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .import_cells import parse_date
from .imports import Column, ImportSpec
from .models_calendar import DayKind, OfficialDay, YearSource
from .roles import Perm


def validate_year(d: datetime.date) -> None:
    if not 2000 <= d.year <= 2100:
        raise ValidationError(_("Give a date from 2000 to 2100."))


class OfficialDayImport(ImportSpec):
    name = "core.calendar"
    title = gettext_lazy("Official calendar")
    key = "date"
    perm = Perm.CALENDAR_MANAGE
    sheet_name = "calendar"
    columns = [
        Column(
            "date",
            "日期",
            "Date",
            parse=parse_date,
            validators=[validate_year],
            width=14,
            note=gettext_lazy("For example 2027-01-01."),
        ),
        Column(
            "kind",
            "类型",
            "Kind",
            choices=list(DayKind.choices),
            width=20,
            note=gettext_lazy(
                "A public holiday (every day of it, weekends included) or a Saturday or "
                "Sunday that is worked (调休)."
            ),
        ),
        Column(
            "name",
            "节日名称",
            "Name",
            required=False,
            max_length=40,
            width=16,
            note=gettext_lazy("For example 春节."),
        ),
    ]

    def permits(self, user) -> bool:
        from .services_calendar import can_edit_calendar

        return can_edit_calendar(user)

    def prepare(self, actor, rows, state):
        dates = [r["date"] for r in rows]
        return {"existing": {d.date: d for d in OfficialDay.objects.filter(date__in=dates)}}

    def check(self, actor, row, ctx):
        from .services_calendar import check_day_kind

        d, kind = row["date"], row["kind"]
        check_day_kind(d, kind)
        old = ctx["existing"].get(d)
        if old is not None and (old.kind, old.name) == (kind, row["name"] or ""):
            return "unchanged"
        return "new"

    def write(self, actor, rows, ctx):
        from .services_calendar import days_write, years_confirm

        count, years = days_write([(r["date"], r["kind"], r["name"] or "") for r in rows])
        years_confirm(actor=actor, years=years, source=YearSource.IMPORT)
        return count
