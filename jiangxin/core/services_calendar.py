"""Writes to the official calendar: seeding from the chinese-calendar package, and the
edits and confirmations of the federation admins who keep it (each audited).

Who edits: a federation admin whose active role is held at a national or provincial
federation. The calendar is one for the whole platform, so a city federation does not
change the working days of its neighbours; everyone who is logged in reads it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import role_assignments_of, user_scope
from .audit import audit_record
from .calendar import calendar_cache_clear
from .models_calendar import DayKind, OfficialDay, OfficialYear, YearSource
from .roles import Perm

EDITOR_ORG_KINDS = ("national", "provincial")

# The package's English holiday names → the names of the State Council's notices.
PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _cleared() -> None:
    calendar_cache_clear()
    transaction.on_commit(calendar_cache_clear)


def calendar_seed(day_model=OfficialDay, year_model=OfficialYear) -> int:
    """Fill every year the chinese-calendar package knows that has no row yet (a year
    already there — seeded, imported or edited — is left alone). Returns the years added.
    Idempotent: runs after every migrate (see CoreConfig), so a flushed database gets
    its calendar back."""
    import chinese_calendar

    by_year: dict[int, list] = {}
    for kind, table in (
        (DayKind.HOLIDAY, chinese_calendar.holidays),
        (DayKind.WORKDAY, chinese_calendar.workdays),
    ):
        for d, name in table.items():
            by_year.setdefault(d.year, []).append((d, kind, PACKAGE_NAMES.get(name, name)))
    first, last = min(by_year), max(by_year)
    have = set(year_model.objects.values_list("year", flat=True))
    missing = [y for y in range(first, last + 1) if y not in have]
    if not missing:
        return 0
    now = timezone.now()
    with transaction.atomic():
        taken = set(
            day_model.objects.filter(
                date__range=(datetime.date(min(missing), 1, 1), datetime.date(max(missing), 12, 31))
            ).values_list("date", flat=True)
        )
        day_model.objects.bulk_create(
            [
                day_model(date=d, kind=kind, name=name[:40])
                for y in missing
                for d, kind, name in by_year.get(y, [])
                if d not in taken
            ]
        )
        year_model.objects.bulk_create(
            [year_model(year=y, source=YearSource.PACKAGE, confirmed_at=now) for y in missing]
        )
    calendar_cache_clear()
    return len(missing)


def can_edit_calendar(user) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    scope = user_scope(user)
    if not scope.has(Perm.CALENDAR_MANAGE) or scope.org_id is None:
        return False
    active = next((a for a in role_assignments_of(user) if a.pk == scope.assignment_id), None)
    return active is not None and active.org.kind in EDITOR_ORG_KINDS


def require_calendar_editor(user) -> None:
    if not can_edit_calendar(user):
        raise Http404


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year from 2000 to 2100.")})
    return year


def _year_row(year: int) -> OfficialYear:
    row, _created = OfficialYear.objects.select_for_update().get_or_create(
        year=year, defaults={"source": YearSource.MANUAL}
    )
    return row


def check_day_kind(date: datetime.date, kind: str) -> None:
    """Only a Saturday or Sunday can be worked in exchange (调休); else a ValidationError
    on "kind" (for the services and the import)."""
    if kind == DayKind.WORKDAY and date.weekday() < 5:
        raise ValidationError(
            {
                "kind": _(
                    "%(date)s is a weekday: only a Saturday or Sunday can be a make-up working day."
                )
                % {"date": date.isoformat()}
            }
        )


def _check_day(date, kind: str, name: str) -> tuple[datetime.date, str, str]:
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": _("Give a date.")})
    if kind not in DayKind.values:
        raise ValidationError({"kind": _("Choose a public holiday or a make-up working day.")})
    check_day_kind(date, kind)
    return date, kind, (name or "").strip()


def days_write(days: list[tuple[datetime.date, str, str]]) -> tuple[int, set[int]]:
    """Add or change days (already checked) in bulk. Returns (days added or changed, the
    years they fall in). For the import (which confirms those years, see years_confirm)."""
    existing = {d.date: d for d in OfficialDay.objects.filter(date__in=[d for d, _k, _n in days])}
    new, changed = [], []
    for date, kind, name in days:
        row = existing.get(date)
        if row is None:
            new.append(OfficialDay(date=date, kind=kind, name=name))
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            changed.append(row)
    OfficialDay.objects.bulk_create(new)
    OfficialDay.objects.bulk_update(changed, ["kind", "name"])
    _cleared()
    return len(new) + len(changed), {d.year for d, _k, _n in days}


def years_confirm(*, actor, years: set[int], source: str) -> None:
    """Mark `years` confirmed by `actor` (for the import, which is audited as a whole)."""
    now = timezone.now()
    for year in sorted(years):
        row = _year_row(year)
        if row.source != YearSource.PACKAGE:
            row.source = source
        row.confirmed_by, row.confirmed_at = actor, now
        row.save()
    _cleared()


@transaction.atomic
def official_day_set(*, actor, date, kind: str, name: str = "") -> OfficialDay:
    """Enter (or change) one day of the official calendar."""
    require_calendar_editor(actor)
    date, kind, name = _check_day(date, kind, name)
    _year_row(date.year)
    day = OfficialDay.objects.select_for_update().filter(date=date).first() or OfficialDay(
        date=date
    )
    day.kind, day.name = kind, name
    day.full_clean(validate_unique=False)
    day.save()
    _cleared()
    audit_record(
        actor=actor,
        action="calendar.day.set",
        obj=day,
        details={"date": date.isoformat(), "kind": kind, "name": name},
    )
    return day


@transaction.atomic
def official_day_remove(*, actor, day: OfficialDay) -> None:
    """Take a day off the official calendar (it becomes a plain weekday or weekend day)."""
    require_calendar_editor(actor)
    details = {"date": day.date.isoformat(), "kind": day.kind, "name": day.name}
    repr_ = str(day)
    deleted, _rows = OfficialDay.objects.filter(pk=day.pk).delete()
    if not deleted:
        raise Http404
    _cleared()
    audit_record(
        actor=actor,
        action="calendar.day.remove",
        details={**details, "day": repr_},
    )


@transaction.atomic
def official_year_confirm(*, actor, year: int, source: str = YearSource.MANUAL) -> OfficialYear:
    """Mark a year's schedule as complete: from now on its count carries no warning."""
    require_calendar_editor(actor)
    year = _check_year(year)
    row = _year_row(year)
    if row.source != YearSource.PACKAGE:
        row.source = source
    row.confirmed_by = actor
    row.confirmed_at = timezone.now()
    row.full_clean()
    row.save()
    _cleared()
    audit_record(
        actor=actor,
        action="calendar.year.confirm",
        obj=row,
        details={
            "year": year,
            "days": OfficialDay.objects.filter(date__year=year).count(),
            "source": row.source,
        },
    )
    return row


@transaction.atomic
def official_year_unconfirm(*, actor, year: int) -> OfficialYear:
    """Open a confirmed year again (its counts warn until it is confirmed again)."""
    require_calendar_editor(actor)
    row = OfficialYear.objects.select_for_update().filter(year=_check_year(year)).first()
    if row is None or row.confirmed_at is None:
        raise ValidationError({"year": _("%(year)d is not confirmed.") % {"year": year}})
    row.confirmed_by, row.confirmed_at = None, None
    row.save()
    _cleared()
    audit_record(actor=actor, action="calendar.year.unconfirm", obj=row, details={"year": year})
    return row
