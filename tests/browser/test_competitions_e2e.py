"""A competition's registration path in a real headless Chromium: the province admin
creates a provincial first-class competition (organiser picked by name), adds a track and
opens registration; enterprise A's union registers two workers from Excel (a refused file
first, then the corrected one); the registration climbs enterprise union → city
(organiser level) → province (committee), each with its own button."""

import io
from datetime import timedelta

import pytest
import xlsxwriter
from django.utils import timezone
from playwright.sync_api import expect

from jiangxin.competitions.models import Competition, Registration
from jiangxin.testing.people import resident_id
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser

HEADER = [
    "赛项代码",
    "姓名",
    "居民身份证号",
    "工作单位",
    "工种",
    "技能等级",
    "手机号",
    "队名",
    "领队",
]


def _workbook(path, rows):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate([HEADER, *rows]):
        ws.write_row(r, 0, row)
    book.close()
    path.write_bytes(buf.getvalue())
    return str(path)


def test_competition_create_bulk_register_and_approve(world, browser_session, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    province = browser_session()
    page = province.page
    province.login(world.province_admin.username, PASSWORD)
    province.goto("/competitions/")
    province.submit(lambda: page.click("#jx-competition-create"))
    province.pick("org", "测试省")
    page.fill("#id_title", "2026年测试省职工职业技能大赛")
    page.select_option("#id_level", "provincial_1")
    page.fill("#id_year", "2026")
    page.fill("#id_registration_deadline", (timezone.localdate() + timedelta(days=30)).isoformat())
    province.submit(lambda: page.click("#jx-form button[type=submit]"))
    c = Competition.objects.get()
    assert province.path() == f"/competitions/{c.pk}/"
    expect(page.locator("#jx-competition-status")).to_have_text("草稿")

    province.submit(lambda: page.click("#jx-track-add"))
    page.fill("#id_code", "CS-JQRYW")
    page.fill("#id_name", "工业机器人运维")
    page.select_option("#id_min_level", "3")
    province.submit(lambda: page.click("#jx-form button[type=submit]"))
    expect(page.locator("#jx-tracks")).to_contain_text("CS-JQRYW")
    page.screenshot(path="/tmp/compreg-detail-draft.png", full_page=True)
    province.submit(lambda: page.click("#jx-step-open_registration"))
    expect(page.locator("#jx-competition-status")).to_have_text("报名中")
    page.screenshot(path=str(tmp_path / "competition.png"), full_page=True)

    union = browser_session()
    up = union.page
    union.login(world.admin_a.username, PASSWORD)
    union.goto(f"/competitions/{c.pk}/")
    union.submit(lambda: up.click("#jx-import"))
    ent = world.ent_a.name
    bad = _workbook(
        tmp_path / "bad.xlsx",
        [
            ["CS-JQRYW", "张一", resident_id(7001), ent, "钳工", "4 高级工", "", "", ""],
            ["CS-JQRYW", "李二", resident_id(7002), ent, "钳工", "2 初级工", "", "", ""],
        ],
    )
    up.set_input_files("input[type=file]", bad)
    union.submit(lambda: up.click("#jx-import-form button[type=submit]"))
    expect(up.locator("#jx-import-errors")).to_be_visible()
    assert not Registration.objects.exists()
    good = _workbook(
        tmp_path / "good.xlsx",
        [
            ["CS-JQRYW", "张一", resident_id(7001), ent, "钳工", "4 高级工", "", "", ""],
            ["CS-JQRYW", "李二", resident_id(7002), ent, "钳工", "5 技师", "", "", ""],
        ],
    )
    union.goto("/imports/competitions.registrations/")
    up.set_input_files("input[type=file]", good)
    union.submit(lambda: up.click("#jx-import-form button[type=submit]"))
    expect(up.locator("#jx-import-ok")).to_be_visible(timeout=10000)
    assert Registration.objects.count() == 2
    reg = Registration.objects.get(worker__name="张一")

    for session, user, status in (
        (union, None, "企业工会已审核"),
        (browser_session(), world.city_staff, "主办单位已审核"),
        (province, None, "组委会已审核"),
    ):
        if user is not None:
            session.login(user.username, PASSWORD)
        session.goto(f"/competitions/registrations/{reg.pk}/")
        session.page.click("#jx-approve")  # htmx: the actions swap in place
        expect(session.page.locator("#jx-registration-status")).to_have_text(status)
    reg.refresh_from_db()
    assert reg.status == "committee_approved"
    province.goto(f"/competitions/registrations/?competition={c.pk}")
    expect(page.locator("#jx-registration-table")).to_contain_text("组委会已审核")
    page.screenshot(path=str(tmp_path / "registrations.png"), full_page=True)
    import shutil

    shutil.copy(tmp_path / "registrations.png", "/tmp/compreg-registrations.png")
    reg_page = browser_session()
    reg_page.login(world.admin_a.username, PASSWORD)
    reg_page.goto(
        f"/competitions/registrations/{Registration.objects.get(worker__name='李二').pk}/"
    )
    reg_page.page.screenshot(path="/tmp/compreg-reg-detail.png", full_page=True)
    shutil.copy(tmp_path / "competition.png", "/tmp/compreg-competition.png")
    for s in (province, union):
        s.assert_clean()
