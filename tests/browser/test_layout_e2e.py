"""Layout in a real headless Chromium: the header fits a 1366 px laptop screen in both
languages (the busiest header: a federation admin with a role switcher), and on a 390 px
phone a list page has no horizontal scroll and shows its rows as cards.

Screenshots go to $JX_SCREENSHOT_DIR when set (to look at them), else to tmp_path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiangxin.accounts.models import RoleAssignment
from jiangxin.core.audit import audit_record
from jiangxin.core.roles import Role
from jiangxin.testing.browser import PHONE
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
HEADER_PARTS = ".jx-header a, .jx-header select, .jx-header summary, .jx-header .jx-role"


def _shots(tmp_path) -> Path:
    directory = Path(os.environ.get("JX_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways: {width} px in a {viewport} px window"


def _phone_switch_language(s, lang):
    """On a phone the language select sits in the folded menu: open it first."""
    s.page.click(".jx-menu-toggle button")
    s.switch_language(lang)


def _busy_admin(world):
    """The province's admin who also holds two more roles: every nav item, a role switcher
    whose options carry long organisation names."""
    user = world.province_admin
    user.display_name = "省总工会管理员张晓明"
    user.save(update_fields=["display_name"])
    RoleAssignment.objects.create(user=user, org=world.city, role=Role.FEDERATION_STAFF)
    RoleAssignment.objects.create(user=user, org=world.other_city, role=Role.FEDERATION_STAFF)
    return user


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_header_fits_a_laptop_screen(world, browser_session, tmp_path, lang):
    user = _busy_admin(world)
    s = browser_session(viewport=LAPTOP)
    page = s.page
    s.login(user.username, PASSWORD)
    if lang != "zh-hans":
        s.switch_language(lang)
    s.goto("/orgs/")
    assert s.html_lang() == lang
    expect(page.locator("#jx-role")).to_be_visible()
    expect(page.locator("#jx-nav .jx-links a")).not_to_have_count(0)
    page.screenshot(path=str(_shots(tmp_path) / f"header-1366-{lang}.png"))

    _no_horizontal_scroll(page)
    parts = page.locator(HEADER_PARTS)
    assert parts.count() >= 8
    for i in range(parts.count()):
        part = parts.nth(i)
        if not part.is_visible():
            continue
        box = part.bounding_box()
        assert box is not None
        label = part.inner_text() or part.get_attribute("id") or f"#{i}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], (
            f"{label!r} overflows the header: {box}"
        )
    # The section links stay on their own rows: none is hidden under another.
    links = page.locator("#jx-nav .jx-links a")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a["y"] + a["height"] <= b["y"] or a["x"] + a["width"] <= b["x"], (a, b)
    # The user menu opens inside the window.
    page.click("details.dropdown summary")
    logout = page.locator("#jx-logout")
    expect(logout).to_be_visible()
    box = logout.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]
    s.assert_clean()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_list_tables_are_cards_on_a_phone(world, browser_session, tmp_path, lang):
    for n in range(3):
        audit_record(actor=world.admin_a, action="org.update", obj=world.ent_a, details={"n": n})
    audit_record(actor=world.admin_a, action="studio.announce", obj=world.ent_a)
    s = browser_session(viewport=PHONE)
    page = s.page
    s.login(world.auditor.username, PASSWORD)
    if lang != "zh-hans":
        _phone_switch_language(s, lang)
    s.goto("/audit/")
    table = page.locator("#audit-results table")
    expect(table).to_have_class("striped jx-cards")
    page.screenshot(path=str(_shots(tmp_path) / f"audit-390-{lang}.png"), full_page=True)
    _no_horizontal_scroll(page)

    row = table.locator("tbody tr").filter(has=page.locator('td[title="studio.announce"]'))
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    assert table.locator("thead").evaluate("h => h.getBoundingClientRect().height") <= 1
    action = row.locator("td").nth(3)
    label = "操作" if lang == "zh-hans" else "Action"
    expect(action).to_have_attribute("data-label", label)
    before = action.evaluate("td => getComputedStyle(td, '::before').content")
    assert label in before
    expect(action).to_have_text("公示创新工作室" if lang == "zh-hans" else "Announce a studio")
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    # The same after an htmx swap (filtering re-renders the rows without a reload).
    page.select_option("select[name=result]", "success")
    expect(page.locator("#audit-results table")).to_have_class("striped jx-cards")
    expect(page.locator("#audit-results tbody td").first).to_have_attribute(
        "data-label", re.compile(r".+")
    )
    _no_horizontal_scroll(page)
    s.assert_clean()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_org_list_is_cards_on_a_phone(world, browser_session, tmp_path, lang):
    user = _busy_admin(world)
    s = browser_session(viewport=PHONE)
    page = s.page
    s.login(user.username, PASSWORD)
    if lang != "zh-hans":
        _phone_switch_language(s, lang)
    s.goto("/orgs/")
    tables = page.locator("main table")
    if tables.count():
        expect(tables.first).to_have_class(re.compile(r"\bjx-cards\b"))
    page.screenshot(path=str(_shots(tmp_path) / f"orgs-390-{lang}.png"), full_page=True)
    _no_horizontal_scroll(page)

    # The folded menu opens within the screen, role switcher and user menu included.
    page.click(".jx-menu-toggle button")
    expect(page.locator("#jx-nav")).to_be_visible()
    page.screenshot(path=str(_shots(tmp_path) / f"menu-390-{lang}.png"), full_page=True)
    _no_horizontal_scroll(page)
    for selector in ("#jx-nav", "#jx-language", "details.dropdown summary"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)
    s.assert_clean()
