"""Working days on the official mainland China calendar.

Public holidays and the weekend days that become make-up working days (调休)
come from the ``chinese_calendar`` package, which only knows the years whose
schedule the State Council has published. Asking about any other year raises
ValueError with a message saying so, rather than guessing from the weekday.

Note: this module is ``jiangxin.core.calendar``; import it by that full name so
it is never confused with the standard library's ``calendar``.
"""

import datetime

import chinese_calendar
from django.utils.translation import gettext as _

__all__ = ["add_workdays", "is_workday", "workday_span_end"]

_ONE_DAY = datetime.timedelta(days=1)


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

    Raises ValueError for a year whose official holiday schedule is not known.
    """
    d = _as_date(d)
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        raise ValueError(
            _(
                "The official holiday schedule for %(year)d is not known, so working days "
                "in that year cannot be counted."
            )
            % {"year": d.year}
        ) from None


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
