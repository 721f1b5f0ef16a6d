"""The form and error pattern seen in a real Chromium, in Chinese: when a service refuses
what a valid form sent, the form comes back (200, not a redirect) with the input kept
and the message under the field the service named; nothing is saved and no success is
announced."""

import pytest
from playwright.sync_api import expect

from jiangxin.core.models_calendar import OfficialDay
from jiangxin.orgs.models import Org
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def _refused(s, path: str, field: str, message: str):
    """Submit the page's form (htmx swaps it in place) and see the refusal on `field`."""
    with s.page.expect_response(lambda r: r.request.method == "POST") as posted:
        s.page.locator("#jx-form button[type=submit]").click()
    assert posted.value.status == 200
    expect(s.page.locator(f"#err-{field}")).to_have_text(message)
    assert s.path() == path
    expect(s.page.locator("#jx-messages .jx-message")).to_have_count(0)


def test_a_refused_org_shows_the_reason_under_its_kind(world, browser_session):
    s = browser_session()
    s.login("province_admin", PASSWORD)
    path = f"/orgs/{world.province.pk}/new/"
    s.goto(path)
    s.page.fill("#id_name", "测试班组")
    s.page.select_option("#id_kind", "branch")
    s.page.fill("#id_region_code", "370000")
    _refused(s, path, "kind", "分会/班组的上级组织不能是省总工会。")
    expect(s.page.locator("#id_name")).to_have_value("测试班组")
    assert not Org.objects.filter(name="测试班组").exists()
    s.page.screenshot(path="/tmp/form_error_org.png", full_page=True)


def test_a_refused_calendar_day_shows_the_reason_under_its_kind(world, browser_session):
    s = browser_session()
    s.login("province_admin", PASSWORD)
    s.goto("/calendar/?year=2027")
    s.page.fill("#id_date", "2027-03-03")  # a Wednesday
    s.page.select_option("#id_kind", "workday")
    _refused(
        s,
        "/calendar/?year=2027",
        "kind",
        "2027-03-03是工作日：只有星期六或星期日才能设为调休上班日。",
    )
    assert not OfficialDay.objects.filter(date="2027-03-03").exists()
