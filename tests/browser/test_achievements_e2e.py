"""Innovation achievements in the browser: an enterprise admin records an achievement —
the similar-achievements panel appears as the title is typed (htmx, no reload) — claims
its benefit; a city federation staff member certifies it; the totals show claimed vs
certified. Every page loads offline without console errors."""

import pytest
from playwright.sync_api import expect

from jiangxin.achievements.models import Achievement, BenefitEntry
from jiangxin.achievements.services import achievement_submit
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def test_achievement_main_path(world, browser_session):
    luan = make_worker(world.ent_a, 1, name="栾军")
    make_worker(world.ent_a, 2, name="王强")
    achievement_submit(
        actor=world.admin_a,
        enterprise=world.ent_a,
        title="转炉炼钢终点碳温智能控制技术",
        kind="technical_innovation",
        completers=[luan],
    )

    s = browser_session()
    page = s.page
    s.goto("/achievements/new/")
    s.login(world.admin_a.username, PASSWORD)
    assert s.path() == "/achievements/new/"
    expect(page.locator("#id_enterprise")).to_have_value(str(world.ent_a.pk))  # preset
    expect(page.locator("#id_enterprise-search")).to_have_value(world.ent_a.name)

    # Typing the title asks for similar achievements (htmx) without reloading the page.
    page.evaluate("window.__marker = 1")
    page.locator("#id_title").press_sequentially("一种转炉炼钢终点碳温度控制方法", delay=10)
    panel = page.locator("#jx-similar-list")
    expect(panel).to_contain_text("转炉炼钢终点碳温智能控制技术")
    assert page.evaluate("window.__marker") == 1

    page.select_option("#id_kind", "technical_innovation")
    s.pick("completers", "栾")
    s.pick("completers", "王")
    page.locator("input[name=completers_share]").nth(0).fill("60")
    page.locator("input[name=completers_share]").nth(1).fill("40")
    page.fill("#id_completed_on", "2024-03-01")
    s.submit(lambda: page.click("#jx-form button[type=submit]"))
    created = Achievement.objects.get(title="一种转炉炼钢终点碳温度控制方法")
    assert s.path() == f"/achievements/{created.pk}/"
    rows = page.locator("#jx-completers tbody tr")
    expect(rows.nth(0)).to_contain_text("栾军")
    expect(rows.nth(1)).to_contain_text("王强")

    # Claim the 2025 benefit.
    s.goto(f"/achievements/{created.pk}/benefit/new/")
    page.fill("#id_year", "2025")
    page.fill("#id_claimed_yuan", "1250000")
    s.submit(lambda: page.click("#jx-form button[type=submit]"))
    expect(page.locator("#jx-claimed-total")).to_have_text("¥1,250,000.00")
    expect(page.locator(".jx-certify")).to_have_count(0)  # the enterprise cannot certify

    # The city federation certifies 1.2 million of it.
    staff = browser_session()
    staff.goto(f"/achievements/{created.pk}/")
    staff.login(world.city_staff.username, PASSWORD)
    staff.submit(lambda: staff.page.click(".jx-certify"))
    staff.page.fill("#id_certified_yuan", "1300000")
    staff.page.click("#jx-form button[type=submit]")
    expect(staff.page.locator("#err-certified_yuan")).not_to_be_empty()
    staff.page.fill("#id_certified_yuan", "1200000")
    staff.submit(lambda: staff.page.click("#jx-form button[type=submit]"))
    expect(staff.page.locator("#jx-certified-total")).to_have_text("¥1,200,000.00")
    entry = BenefitEntry.objects.get(achievement=created)
    assert entry.certified_by == world.city_staff
    s.assert_clean()
    staff.assert_clean()
