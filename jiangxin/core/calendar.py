"""Working days on the official mainland China calendar.

Public holidays and the weekend days that become make-up working days (调休) are data:
the tables `OfficialDay` and `OfficialYear` (see `models_calendar.py`), seeded from the
chinese-calendar package for every year it knows (`services_calendar.calendar_seed`,
run after every migrate) and edited or imported by federation admins when the State
Council publishes the next year's schedule.

A year whose schedule is not confirmed is not refused: its days are counted as plain
weekdays (Monday to Friday, with any days already entered for it applied), and
`calendar_warnings(start, end)` says so, for the pages that open or show a period.

Each year's schedule is read once and kept in memory (`CACHE_SECONDS`); a change made
through the services clears this process's copy at once, other processes see it within
`CACHE_SECONDS`.

Note: this module is ``jiangxin.core.calendar``; import it by that full name so
it is never confused with the standard library's ``calendar``.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = [
    "add_workdays",
    "calendar_cache_clear",
    "calendar_runs_out",
    "calendar_warnings",
    "is_workday",
    "known_until",
    "unknown_years",
    "workday_span_end",
    "year_schedule",
]

_ONE_DAY = datetime.timedelta(days=1)
CACHE_SECONDS = 300
RUNS_OUT_WARNING_DAYS = 60


@dataclass(frozen=True)
class YearSchedule:
    """One year of the calendar: whether it is confirmed, and its special days."""

    year: int
    known: bool
    holidays: frozenset[datetime.date] = frozenset()
    workdays: frozenset[datetime.date] = frozenset()

    def is_workday(self, d: datetime.date) -> bool:
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5


_cache: dict[int, tuple[float, YearSchedule]] = {}
_lock = threading.Lock()


def calendar_cache_clear() -> None:
    """Forget every year read so far (the services call this on every change)."""
    with _lock:
        _cache.clear()


def _load(year: int) -> YearSchedule:
    from .models_calendar import DayKind, OfficialDay, OfficialYear

    known = OfficialYear.objects.filter(year=year, confirmed_at__isnull=False).exists()
    holidays, workdays = set(), set()
    rows = OfficialDay.objects.filter(
        date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    ).values_list("date", "kind")
    for d, kind in rows:
        (workdays if kind == DayKind.WORKDAY else holidays).add(d)
    return YearSchedule(year, known, frozenset(holidays), frozenset(workdays))


def year_schedule(year: int) -> YearSchedule:
    now = time.monotonic()
    hit = _cache.get(year)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    schedule = _load(year)
    with _lock:
        _cache[year] = (now, schedule)
    return schedule


def _as_date(d: datetime.date) -> datetime.date:
    if isinstance(d, datetime.datetime):
        return d.date()
    if not isinstance(d, datetime.date):
        raise TypeError(_("Expected a date, got %(type)s.") % {"type": type(d).__name__})
    return d


def _check_count(workdays: int) -> None:
    if isinstance(workdays, bool) or not isinstance(workdays, int):
        raise TypeError(
            _("The number of working days must be a whole number, not %(type)s.")
            % {"type": type(workdays).__name__}
        )


def is_workday(d: datetime.date) -> bool:
    """True if ``d`` is a working day: a weekday that is not a public holiday, or a make-up day.

    In a year whose schedule is not confirmed, the days entered so far apply and every
    other day counts as a plain weekday (see `calendar_warnings`)."""
    d = _as_date(d)
    return year_schedule(d.year).is_workday(d)


def workday_span_end(start: datetime.date, workdays: int) -> datetime.date:
    """The last day of a period of ``workdays`` working days that begins on ``start``.

    ``start`` counts as the first day if it is a working day (including a
    make-up weekend day); otherwise the period begins on the next working day.
    So ``workday_span_end(d, 1)`` is ``d`` itself when ``d`` is a working day.
    """
    _check_count(workdays)
    if workdays < 1:
        raise ValueError(
            _("A period must last at least one working day, not %(count)d.") % {"count": workdays}
        )
    day = _as_date(start)
    remaining = workdays
    while True:
        if is_workday(day):
            remaining -= 1
            if remaining == 0:
                return day
        day += _ONE_DAY


def add_workdays(start: datetime.date, workdays: int) -> datetime.date:
    """The date ``workdays`` working days after ``start`` (before it, if negative).

    ``start`` itself is never counted, whether or not it is a working day, so
    ``add_workdays(d, 0)`` is ``d`` and ``add_workdays(d, n)`` for ``n >= 1`` is
    ``workday_span_end(d + 1 day, n)``.
    """
    _check_count(workdays)
    day = _as_date(start)
    step = _ONE_DAY if workdays >= 0 else -_ONE_DAY
    remaining = abs(workdays)
    while remaining:
        day += step
        if is_workday(day):
            remaining -= 1
    return day


# --- what the counts rest on ---------------------------------------------------------------


def unknown_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years from ``start`` to ``end`` whose official schedule is not confirmed."""
    first, last = sorted((_as_date(start).year, _as_date(end).year))
    return [y for y in range(first, last + 1) if not year_schedule(y).known]


def calendar_warnings(start: datetime.date | None, end: datetime.date | None) -> list[str]:
    """A message for each year of the period counted on plain weekdays (empty: the whole
    period was counted on the official calendar)."""
    if start is None or end is None:
        return []
    return [
        _(
            "The official holiday schedule for %(year)d is not entered yet: working days in "
            "%(year)d were counted as Monday to Friday. Check the dates when the schedule "
            "is published."
        )
        % {"year": year}
        for year in unknown_years(start, end)
    ]


def known_until(today: datetime.date) -> datetime.date | None:
    """The last day of the unbroken run of confirmed years from ``today``'s year (None
    when ``today``'s own year is not confirmed)."""
    year = _as_date(today).year
    if not year_schedule(year).known:
        return None
    while year_schedule(year + 1).known:
        year += 1
    return datetime.date(year, 12, 31)


def calendar_runs_out(today: datetime.date, days: int = RUNS_OUT_WARNING_DAYS) -> int | None:
    """The first year not yet entered when the known calendar ends within ``days`` days
    of ``today`` (None when it reaches further)."""
    today = _as_date(today)
    until = known_until(today)
    if until is None:
        return today.year
    if (until - today).days < days:
        return until.year + 1
    return None
