"""From the demo seed, in the Chinese UI: the provincial federation's staff certifies the
claimed benefit waiting in its scope in one go (select all on the page, leave one out),
and 日照钢铁's enterprise admin records the grant of a pending patent — first with a date
before the application, which is refused with a message on the field."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jiangxin.accounts.demo import DEMO_PASSWORD
from jiangxin.achievements.models import BenefitEntry, Patent
from jiangxin.core.models import AuditEvent

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, live_server):
    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.studios.tests.helpers import honour_type

    for row in HONOUR_TYPES:  # a transactional test's flush removed the migration's rows
        honour_type(row[0])
    call_command("seed", preset="demo", quiet_logins=True)


def test_bulk_certify_and_grant_a_patent_from_the_demo(demo, browser_session, tmp_path):
    pending = BenefitEntry.objects.filter(certified_yuan__isnull=True).exclude(
        achievement__status="draft"
    )
    n = pending.count()
    assert n >= 6

    fed = browser_session()
    page = fed.page
    fed.goto("/achievements/")
    fed.login("province_staff", DEMO_PASSWORD)
    assert fed.html_lang().startswith("zh")
    fed.submit(lambda: page.click("#jx-benefit-bulk"))
    expect(page.locator("h1")).to_have_text("待认定的经济效益")
    rows = page.locator("#jx-bulk-table tbody tr")
    expect(rows).to_have_count(n)
    page.check("#jx-check-all")
    expect(page.locator("[data-jx-selected]")).to_have_text(str(n))
    kept = pending.order_by("id").last()
    page.uncheck(f"#jx-entry-{kept.pk}")
    expect(page.locator("#jx-check-all")).not_to_be_checked()
    expect(page.locator("[data-jx-selected]")).to_have_text(str(n - 1))
    page.fill("#id_note", "已与年度财务审计核对")
    page.screenshot(path=str(tmp_path / "bulk.png"), full_page=True)
    fed.submit(lambda: page.click("#jx-certify-selected"))
    expect(page.locator("body")).to_contain_text(f"已认定 {n - 1} 条经济效益记录。")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(kept.achievement.title)
    assert (
        BenefitEntry.objects.filter(certified_yuan__isnull=True)
        .exclude(achievement__status="draft")
        .get()
        == kept
    )
    event = AuditEvent.objects.get(action="benefit.certify_many")
    assert event.details["count"] == n - 1 and kept.pk not in event.details["entries"]

    patent = (
        Patent.objects.filter(
            status="applied", office="cn", achievement__enterprise__name="日照钢铁控股集团有限公司"
        )
        .order_by("filed_on")
        .first()
    )
    ent = browser_session()
    p = ent.page
    ent.goto(f"/achievements/{patent.achievement_id}/")
    ent.login("rizhao_steel_admin", DEMO_PASSWORD)
    row = p.locator(f"#jx-patent-{patent.pk}")
    expect(row.locator(".jx-patent-status")).to_have_text("已申请")
    ent.submit(lambda: row.locator(".jx-patent-grant").click())
    expect(p.locator("#jx-patent-facts")).to_contain_text(patent.application_number)
    p.fill("#id_grant_date", (patent.filed_on - timedelta(days=1)).isoformat())
    p.click("#jx-form button[type=submit]")
    expect(p.locator("#err-grant_date")).to_contain_text("早于申请日")
    granted_on = patent.filed_on + timedelta(days=400)
    p.fill("#id_grant_date", granted_on.isoformat())
    p.fill("#id_grant_number", f"ZL{patent.application_number}")
    ent.submit(lambda: p.click("#jx-form button[type=submit]"))
    expect(p.locator("body")).to_contain_text("授权已登记。")
    row = p.locator(f"#jx-patent-{patent.pk}")
    expect(row.locator(".jx-patent-status")).to_have_text("已授权")
    expect(row.locator(".jx-patent-lapse")).to_have_count(1)  # what can follow a grant
    p.screenshot(path=str(tmp_path / "grant.png"), full_page=True)
    patent.refresh_from_db()
    assert patent.status == "granted" and patent.grant_date == granted_on
    assert AuditEvent.objects.filter(action="achievement.patent_grant").count() == 1
    fed.assert_clean()
    ent.assert_clean()
    import shutil

    shutil.copy(tmp_path / "bulk.png", "/tmp/ach_bulk.png")
    shutil.copy(tmp_path / "grant.png", "/tmp/ach_grant.png")
