"""The official calendar as data: seeding, the weekday fallback and its warnings, the
federation admins' edits and Excel import, and the warning before the calendar runs out."""

import datetime
import io

import chinese_calendar
import pytest
import xlsxwriter
from django.urls import reverse
from django.utils import timezone, translation

from jiangxin.accounts.models import User
from jiangxin.core.calendar import (
    calendar_runs_out,
    calendar_warnings,
    is_workday,
    known_until,
    workday_span_end,
)
from jiangxin.core.imports import import_run
from jiangxin.core.imports_calendar import OfficialDayImport
from jiangxin.core.models import AuditEvent, OfficialDay, OfficialYear
from jiangxin.core.services_calendar import (
    calendar_seed,
    official_day_remove,
    official_day_set,
    official_year_confirm,
)

pytestmark = pytest.mark.django_db
date = datetime.date
LAST = max(chinese_calendar.holidays).year  # 2026 with chinesecalendar 1.11


def xlsx(rows, headers=("日期", "类型", "节日名称")) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    book.close()
    return buf.getvalue()


def import_2027(actor):
    return import_run(
        actor=actor,
        spec=OfficialDayImport(),
        data=xlsx(
            [
                ["2027-01-01", "holiday", "元旦"],
                ["2027/2/7", "调休上班日", "春节"],  # a make-up Sunday, by its Chinese label
            ]
        ),
        filename="2027.xlsx",
    )


@pytest.fixture
def city_admin(world):
    return world.city_admin


# --- seeding --------------------------------------------------------------------------


def test_calendar_seed_fills_every_package_year_once():
    years = set(OfficialYear.objects.values_list("year", flat=True))
    assert years == set(range(min(chinese_calendar.holidays).year, LAST + 1))
    assert OfficialDay.objects.get(date=date(2024, 10, 1)).name == "国庆节"
    assert OfficialDay.objects.get(date=date(2024, 9, 29)).kind == "workday"
    before = OfficialDay.objects.count()
    assert calendar_seed() == 0
    assert OfficialDay.objects.count() == before


def test_calendar_seed_leaves_an_edited_year_alone(world):
    day = OfficialDay.objects.get(date=date(2024, 10, 7))
    official_day_remove(actor=world.province_admin, day=day)
    assert calendar_seed() == 0
    assert not OfficialDay.objects.filter(date=date(2024, 10, 7)).exists()
    assert is_workday(date(2024, 10, 7)) is True  # a plain Monday now


# --- the fallback year ------------------------------------------------------------------


def test_2027_counts_weekdays_with_a_warning():
    # Friday 1 January 2027: counted as a working day, Mon 4 - Thu 7 complete the five.
    assert workday_span_end(date(2027, 1, 1), 5) == date(2027, 1, 7)
    with translation.override("zh-hans"):
        (warning,) = calendar_warnings(date(2027, 1, 1), date(2027, 1, 7))
    assert "2027" in warning
    assert calendar_warnings(date(2026, 12, 1), date(2026, 12, 7)) == []


def test_imported_2027_schedule_changes_the_count(world):
    result = import_2027(world.province_admin)
    assert result.ok and result.created == 2, result.errors
    # 1 January is a holiday now: the period starts on Monday 4 January.
    assert workday_span_end(date(2027, 1, 1), 5) == date(2027, 1, 8)
    # Sunday 7 February is worked.
    assert workday_span_end(date(2027, 2, 6), 1) == date(2027, 2, 7)
    assert calendar_warnings(date(2027, 1, 1), date(2027, 1, 8)) == []
    row = OfficialYear.objects.get(year=2027)
    assert row.source == "import" and row.confirmed_by == world.province_admin
    assert AuditEvent.objects.filter(action="import.core.calendar", result="success").exists()
    # Importing the same file again changes nothing.
    again = import_2027(world.province_admin)
    assert again.ok and again.created == 0 and again.unchanged == 2


def test_a_day_entered_by_hand_counts_but_the_year_warns_until_confirmed(world):
    official_day_set(actor=world.province_admin, date=date(2027, 1, 1), kind="holiday", name="元旦")
    assert workday_span_end(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert calendar_warnings(date(2027, 1, 1), date(2027, 1, 4))
    official_year_confirm(actor=world.province_admin, year=2027)
    assert calendar_warnings(date(2027, 1, 1), date(2027, 1, 4)) == []
    actions = list(
        AuditEvent.objects.filter(action__startswith="calendar.").values_list("action", flat=True)
    )
    assert actions == ["calendar.year.confirm", "calendar.day.set"]


def test_a_make_up_day_must_be_a_weekend_day(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        official_day_set(actor=world.province_admin, date=date(2027, 1, 4), kind="workday")
    assert "kind" in exc.value.error_dict
    assert not OfficialDay.objects.filter(date=date(2027, 1, 4)).exists()


# --- running out ------------------------------------------------------------------------


def test_calendar_runs_out_warns_60_days_before_the_end(world):
    assert known_until(date(LAST, 12, 1)) == date(LAST, 12, 31)
    assert calendar_runs_out(date(LAST, 10, 1)) is None  # 91 days left
    assert calendar_runs_out(date(LAST, 11, 2)) == LAST + 1  # 59 days left
    assert calendar_runs_out(date(LAST, 12, 1)) == LAST + 1
    assert calendar_runs_out(date(LAST + 1, 3, 1)) == LAST + 1  # the year itself is unknown
    import_2027(world.province_admin)
    assert calendar_runs_out(date(LAST, 12, 1)) is None


def _on(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_home_shows_the_calendar_warning_to_federation_admins_until_entered(world, monkeypatch):
    _on(monkeypatch, date(2026, 12, 1))
    client = world.client(world.province_admin)
    with translation.override("en"):
        page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The official calendar for 2027 is not entered yet" in page
    assert f"{reverse('core:calendar')}?year=2027" in page
    # Not for roles that do not keep the calendar.
    staff_page = world.client(world.city_staff).get(reverse("core:home")).content.decode()
    assert "?year=2027" not in staff_page
    import_2027(world.province_admin)
    page = client.get(reverse("core:home")).content.decode()
    assert "?year=2027" not in page


# --- pages and permissions -------------------------------------------------------------


def test_calendar_page_is_read_by_everyone_and_edited_by_none_of_them(world):
    for user in (world.worker_a, world.admin_a, world.city_staff, world.auditor):
        client = world.client(user)
        r = client.get(reverse("core:calendar") + "?year=2024")
        assert r.status_code == 200
        assert "国庆节" in r.content.decode()
        assert "calendar_day_remove" not in r.content.decode()
        assert 'name="kind"' not in r.content.decode()
        r = client.post(
            reverse("core:calendar") + "?year=2027", {"date": "2027-01-01", "kind": "holiday"}
        )
        assert r.status_code == 404
        r = client.post(reverse("core:calendar_day_remove"), {"date": "2024-10-01"})
        assert r.status_code == 404
        r = client.post(reverse("core:calendar_confirm"), {"year": "2027"})
        assert r.status_code == 404
        assert client.get(reverse("core:import_upload", args=["core.calendar"])).status_code == 404
    assert not OfficialDay.objects.filter(date__year=2027).exists()
    assert OfficialDay.objects.filter(date=date(2024, 10, 1)).exists()
    assert not OfficialYear.objects.filter(year=2027).exists()


def test_a_city_federation_admin_cannot_edit_the_calendar(world, city_admin):
    client = world.client(city_admin)
    r = client.post(
        reverse("core:calendar") + "?year=2027", {"date": "2027-01-01", "kind": "holiday"}
    )
    assert r.status_code == 404
    assert client.get(reverse("core:import_upload", args=["core.calendar"])).status_code == 404
    from django.http import Http404

    with pytest.raises(Http404):
        import_2027(city_admin)
    assert not OfficialDay.objects.filter(date__year=2027).exists()


def test_province_admin_edits_a_year_through_the_page(world):
    client = world.client(world.province_admin)
    url = reverse("core:calendar") + "?year=2027"
    page = client.get(url).content.decode()
    assert "Not entered yet" in page or "尚未录入" in page
    r = client.post(url, {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert r.status_code == 302
    r = client.post(url, {"date": "2027-01-04", "kind": "workday", "name": ""})
    assert r.status_code == 200 and "kind" in r.content.decode()  # a Monday: refused on the form
    assert not OfficialDay.objects.filter(date=date(2027, 1, 4)).exists()
    r = client.post(reverse("core:calendar_confirm"), {"year": "2027"})
    assert r.status_code == 302
    assert OfficialYear.objects.get(year=2027).is_confirmed
    r = client.post(reverse("core:calendar_day_remove"), {"date": "2027-01-01"})
    assert r.status_code == 302
    assert not OfficialDay.objects.filter(date=date(2027, 1, 1)).exists()
    assert client.get(reverse("core:import_upload", args=["core.calendar"])).status_code == 200


def test_calendar_page_bad_year_falls_back_to_this_year(world):
    r = world.client(world.worker_a).get(reverse("core:calendar") + "?year=abc")
    assert r.status_code == 200


# --- the import -------------------------------------------------------------------------


def test_calendar_import_errors_name_row_and_field(world):
    result = import_run(
        actor=world.province_admin,
        spec=OfficialDayImport(),
        data=xlsx(
            [
                ["2027-01-01", "holiday", "元旦"],
                ["2027-13-01", "holiday", ""],
                ["2027-01-04", "workday", ""],  # a Monday
                ["2027-01-05", "vacation", ""],
                ["2027-01-01", "holiday", "元旦"],
            ]
        ),
        filename="bad.xlsx",
    )
    assert not result.ok
    got = {(e.row, e.column) for e in result.errors}
    assert got == {(3, "date"), (4, "kind"), (5, "kind"), (6, "date")}
    assert not OfficialDay.objects.filter(date__year=2027).exists()
    assert not OfficialYear.objects.filter(year=2027).exists()


def test_calendar_import_template_has_the_kind_dropdown(world):
    from jiangxin.core.imports import import_template

    data = import_template(OfficialDayImport())
    assert b"dataValidation" in __import__("zipfile").ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )
    r = world.client(world.province_admin).get(
        reverse("core:import_template", args=["core.calendar"])
    )
    assert r.status_code == 200


def test_calendar_import_reads_excel_date_cells(world):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["Date", "Kind", "Name"])
    ws.write_datetime(
        1, 0, datetime.datetime(2027, 1, 1), book.add_format({"num_format": "yyyy-mm-dd"})
    )
    ws.write_row(1, 1, ["Public holiday", "元旦"])
    book.close()
    result = import_run(
        actor=world.province_admin, spec=OfficialDayImport(), data=buf.getvalue(), filename="d.xlsx"
    )
    assert result.ok, result.errors
    assert OfficialDay.objects.get(date=date(2027, 1, 1)).name == "元旦"


# --- the Django admin --------------------------------------------------------------------


def test_admin_edits_the_calendar_through_the_service(world):
    User.objects.filter(pk__in=[world.province_admin.pk, world.city_staff.pk]).update(is_staff=True)
    client = world.client(world.province_admin)
    r = client.post(
        reverse("admin:core_officialday_add"),
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert OfficialDay.objects.get(date=date(2027, 1, 1)).name == "元旦"
    assert AuditEvent.objects.filter(action="calendar.day.set").count() == 1
    assert workday_span_end(date(2027, 1, 1), 1) == date(2027, 1, 4)  # the cache was cleared
    # Federation staff look but do not change.
    staff = world.client(world.city_staff)
    assert staff.get(reverse("admin:core_officialday_changelist")).status_code == 200
    r = staff.post(reverse("admin:core_officialday_add"), {"date": "2027-01-02", "kind": "holiday"})
    assert r.status_code == 403
    assert not OfficialDay.objects.filter(date=date(2027, 1, 2)).exists()
