"""The people module's main paths from the demo seed, in Chinese, in a real Chromium: the
provincial federation verifies the honours enterprises declared (one click, then several
at once), and an enterprise union admin finds a worker by ID number — the result list
stays on the page."""

import pytest
from playwright.sync_api import expect

from jiangxin.people.crypto import pii_decrypt
from jiangxin.people.enums import HonourStatus
from jiangxin.people.models import Honour

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, live_server):
    from jiangxin.accounts.demo import DEMO_PASSWORD, seed_demo_users
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.people.models import HonourType

    for code, name, name_en, level, category, body, counts in HONOUR_TYPES:
        HonourType.objects.get_or_create(  # a transactional test's flush removed them
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "category": category,
                "awarding_body": body,
                "counts_for_creation_rate": counts,
            },
        )
    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    return DEMO_PASSWORD, seed_demo_people(orgs)


def test_province_staff_verifies_declared_honours(demo, browser_session):
    password, workers = demo
    luan = workers["栾军"]
    declared = Honour.objects.get(
        worker=luan, status=HonourStatus.DECLARED, honour_type__code="provincial-model-worker"
    )
    s = browser_session()
    s.login("province_staff", password)
    assert s.html_lang().startswith("zh")
    s.goto("/people/")
    link = s.page.locator("#jx-honour-queue-link")
    expect(link).to_contain_text("项荣誉待您核实")
    s.submit(lambda: link.click())
    row = s.page.locator(f"#jx-honour-{declared.pk}")
    expect(row).to_contain_text("栾军")
    expect(row).to_contain_text("省级劳动模范")
    expect(row).to_contain_text("鲁发〔2025〕")
    s.page.screenshot(path="/tmp/people_honour_queue.png", full_page=True)
    row.get_by_role("button", name="核实").click()  # one click, through htmx
    expect(s.page.locator(f"#jx-honour-{declared.pk}")).to_contain_text("已核实")
    declared.refresh_from_db()
    assert declared.status == HonourStatus.VERIFIED

    # several at once: reload, tick two, verify them together
    s.goto("/people/honours/verify/")
    boxes = s.page.locator("input[name=honour]")
    waiting = boxes.count()
    assert waiting >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    s.submit(lambda: s.page.click("#jx-verify-selected"))
    expect(s.page.locator("body")).to_contain_text("已核实 2 项荣誉")
    assert s.page.locator("input[name=honour]").count() == waiting - 2

    # the worker page and the passport show it verified
    s.goto(f"/people/{luan.pk}/")
    expect(s.page.locator(f"#jx-honour-{declared.pk}")).to_contain_text("已核实")
    s.goto(f"/people/{luan.pk}/passport/")
    expect(s.page.locator("#jx-passport-id")).to_have_text(luan.id_masked)


def test_enterprise_admin_finds_a_worker_by_id_number_and_the_list_stays(demo, browser_session):
    password, workers = demo
    luan = workers["栾军"]
    s = browser_session()
    s.login("rizhao_steel_admin", password)
    s.goto("/people/")
    results = s.page.locator("#worker-results")
    expect(results.locator("tbody tr")).not_to_have_count(0)
    lookup = s.page.locator("#jx-id-lookup input[name=resident_id]")
    lookup.fill(pii_decrypt(luan.id_cipher))
    with s.page.expect_response(lambda r: r.request.method == "POST"):
        lookup.press("Enter")
    expect(results).to_be_visible()
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("栾军")
    expect(results).to_contain_text(luan.id_masked)
    assert pii_decrypt(luan.id_cipher) not in s.page.url
    s.page.screenshot(path="/tmp/people_id_lookup.png", full_page=True)
    # the name search still has its list to fill
    s.page.fill("input[name=q]", "栾")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("栾军")
