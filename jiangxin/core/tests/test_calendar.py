"""Tests for jiangxin.core.calendar against the official State Council holiday schedules,
as seeded into the OfficialDay table from the chinese-calendar package after migrate.

2024 National Day (国务院办公厅关于2024年部分节假日安排的通知): 1-7 October off;
Sunday 29 September and Saturday 12 October are make-up working days.
"""

import datetime

import chinese_calendar
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiangxin.core.calendar import (
    add_workdays,
    calendar_warnings,
    is_workday,
    workday_span_end,
)

pytestmark = pytest.mark.django_db
# The database fixture is read only here (each year is cached after its first read).
db_given = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

date = datetime.date
ONE_DAY = datetime.timedelta(days=1)
FIRST_KNOWN_YEAR = min(chinese_calendar.holidays).year
LAST_KNOWN_YEAR = max(chinese_calendar.holidays).year

# Start dates far enough from both ends of the known range that 60 working days either way stay inside it.
safe_starts = st.dates(
    min_value=date(FIRST_KNOWN_YEAR, 6, 1), max_value=date(LAST_KNOWN_YEAR, 6, 30)
)


def count_workdays(first: datetime.date, last: datetime.date) -> int:
    """Working days from ``first`` to ``last`` inclusive, counted one day at a time."""
    total, day = 0, first
    while day <= last:
        total += is_workday(day)
        day += ONE_DAY
    return total


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 9, 27), True),  # Friday
        (date(2024, 9, 28), False),  # ordinary Saturday
        (date(2024, 9, 29), True),  # make-up Sunday
        (date(2024, 9, 30), True),  # Monday
        (date(2024, 10, 1), False),  # National Day
        (date(2024, 10, 4), False),  # Friday inside the holiday
        (date(2024, 10, 7), False),  # Monday inside the holiday
        (date(2024, 10, 8), True),
        (date(2024, 10, 12), True),  # make-up Saturday
        (date(2024, 10, 13), False),  # ordinary Sunday
        (date(2024, 2, 18), True),  # Spring Festival make-up Sunday
        (date(2024, 2, 12), False),  # Spring Festival Monday
    ],
)
def test_is_workday_follows_official_2024_schedule(day, expected):
    assert is_workday(day) is expected


def test_is_workday_accepts_datetime():
    assert is_workday(datetime.datetime(2024, 10, 12, 9, 30)) is True
    assert is_workday(datetime.datetime(2024, 10, 1, 9, 30)) is False


def test_is_workday_rejects_non_dates():
    with pytest.raises(TypeError):
        is_workday("2024-10-01")


@pytest.mark.parametrize("year", [FIRST_KNOWN_YEAR - 1, LAST_KNOWN_YEAR + 1])
def test_is_workday_unknown_year_falls_back_to_weekdays(year):
    first = date(year, 1, 1)
    for offset in range(14):
        day = first + offset * ONE_DAY
        assert is_workday(day) is (day.weekday() < 5)
    with translation.override("en"):
        (warning,) = calendar_warnings(first, date(year, 1, 14))
    assert str(year) in warning and "Monday to Friday" in warning


def test_calendar_warnings_empty_inside_known_years():
    assert calendar_warnings(date(2024, 9, 30), date(2024, 10, 11)) == []


def test_workday_span_end_national_day_2024_skips_the_holiday():
    # Mon 30 Sep is day 1; 1-7 Oct are off; Tue 8 - Fri 11 Oct are days 2-5.
    assert workday_span_end(date(2024, 9, 30), 5) == date(2024, 10, 11)


@pytest.mark.parametrize(
    ("start", "workdays", "expected"),
    [
        # A period beginning on a make-up Saturday counts that Saturday.
        (date(2024, 10, 12), 1, date(2024, 10, 12)),
        (date(2024, 10, 12), 2, date(2024, 10, 14)),
        (date(2024, 10, 12), 6, date(2024, 10, 18)),
        # ... and likewise the make-up Sunday before the holiday.
        (date(2024, 9, 29), 1, date(2024, 9, 29)),
        (date(2024, 9, 29), 2, date(2024, 9, 30)),
        (date(2024, 9, 29), 3, date(2024, 10, 8)),
        # Starting on a holiday or an ordinary weekend moves to the next working day.
        (date(2024, 10, 1), 1, date(2024, 10, 8)),
        (date(2024, 10, 1), 5, date(2024, 10, 12)),
        (date(2024, 9, 28), 1, date(2024, 9, 29)),
        (date(2024, 10, 19), 1, date(2024, 10, 21)),
        (date(2024, 9, 30), 1, date(2024, 9, 30)),
    ],
)
def test_workday_span_end_counts_make_up_days(start, workdays, expected):
    assert workday_span_end(start, workdays) == expected


@pytest.mark.parametrize("workdays", [0, -1, -10])
def test_workday_span_end_rejects_fewer_than_one_workday(workdays):
    with pytest.raises(ValueError):
        workday_span_end(date(2024, 9, 30), workdays)


@pytest.mark.parametrize("workdays", [1.5, "5", True, None])
def test_workday_span_end_rejects_non_integer_counts(workdays):
    with pytest.raises(TypeError):
        workday_span_end(date(2024, 9, 30), workdays)


def test_workday_span_end_running_past_known_years_counts_weekdays_and_warns():
    start = date(LAST_KNOWN_YEAR, 12, 20)
    end = workday_span_end(start, 30)
    assert end.year == LAST_KNOWN_YEAR + 1
    assert count_workdays(start, end) == 30
    with translation.override("en"):
        (warning,) = calendar_warnings(start, end)
    assert str(LAST_KNOWN_YEAR + 1) in warning


@pytest.mark.parametrize(
    ("start", "workdays", "expected"),
    [
        (date(2024, 9, 30), 0, date(2024, 9, 30)),
        (date(2024, 10, 1), 0, date(2024, 10, 1)),
        (date(2024, 9, 27), 1, date(2024, 9, 29)),
        (date(2024, 9, 30), 1, date(2024, 10, 8)),
        (date(2024, 9, 30), 5, date(2024, 10, 12)),
        (date(2024, 10, 8), -1, date(2024, 9, 30)),
        (date(2024, 10, 8), -2, date(2024, 9, 29)),
        (date(2024, 10, 14), -1, date(2024, 10, 12)),
    ],
)
def test_add_workdays_moves_over_holidays_and_make_up_days(start, workdays, expected):
    assert add_workdays(start, workdays) == expected


def test_add_workdays_rejects_non_integer_counts():
    with pytest.raises(TypeError):
        add_workdays(date(2024, 9, 30), 1.0)


@db_given
@given(safe_starts, st.integers(1, 60))
def test_workday_span_end_contains_exactly_the_requested_workdays(start, workdays):
    end = workday_span_end(start, workdays)
    assert end >= start
    assert is_workday(end)
    assert count_workdays(start, end) == workdays


@db_given
@given(safe_starts, st.integers(1, 60))
def test_add_workdays_equals_span_starting_next_day(start, workdays):
    assert add_workdays(start, workdays) == workday_span_end(start + ONE_DAY, workdays)


@db_given
@given(safe_starts, st.integers(1, 60))
def test_add_workdays_backwards_lands_on_workday(start, workdays):
    earlier = add_workdays(start, -workdays)
    assert earlier < start
    assert is_workday(earlier)
    assert count_workdays(earlier, start - ONE_DAY) == workdays
