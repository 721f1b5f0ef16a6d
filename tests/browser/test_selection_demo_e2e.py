"""Publication from the demo seed, in a real headless Chromium with the Chinese UI: the
province's federation admin opens this year's campaign whose 公示 has ended, publishes it
with a decision number, downloads an awardee's certificate and opens its verification
page; 栾军 (worker_luan), one of the completers, finds the certificate on his own
passport."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from jiangxin.selection import demo
from jiangxin.selection.models import Campaign, Entry

pytestmark = pytest.mark.browser
PASSWORD = "Jiangxin-2026"
NUMBER = "鲁工发〔2026〕12号"


@pytest.fixture
def demo_seed(transactional_db, live_server):
    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.people.models import HonourType

    for code, name, name_en, level, category, body, counts in HONOUR_TYPES:
        HonourType.objects.get_or_create(  # a transactional test's flush removed them
            code=code,
            defaults={
                "name": name, "name_en": name_en, "level": level, "category": category,
                "awarding_body": body, "counts_for_creation_rate": counts,
            },
        )  # fmt: skip
    call_command("seed", "--preset", "demo", "--quiet-logins")
    year = str(timezone.localdate().year)
    return Campaign.objects.get(title=demo.PROVINCE_TO_PUBLISH.replace("2026", year))


def _pdf_of(s, click) -> bytes:
    with s.page.expect_download() as info:
        click()
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def test_province_admin_publishes_from_the_demo_and_luan_gets_his_certificate(
    demo_seed, browser_session
):
    campaign = demo_seed
    admin = browser_session()
    admin.login("province_admin", PASSWORD)
    page = admin.page
    assert admin.html_lang().startswith("zh")

    # From the list of selections to the one whose 公示 has ended.
    admin.goto("/selection/")
    admin.submit(lambda: page.get_by_role("link", name=campaign.title).first.click())
    assert admin.path() == f"/selection/{campaign.pk}/"
    admin.goto(f"/selection/{campaign.pk}/announcement/")
    expect(page.locator("body")).to_contain_text("公示")
    page.fill("input[name=decision_number]", NUMBER)
    admin.submit(lambda: page.click("#sel-publish"))
    expect(page.locator("body")).to_contain_text("已公布")  # the stage, in Chinese
    campaign.refresh_from_db()
    assert campaign.stage == "published" and campaign.decision_number == NUMBER

    # The results carry a certificate per awardee; download 栾军's first prize.
    luan_entry = (
        Entry.objects.filter(campaign=campaign, status="awarded", display_name__contains="栾军")
        .order_by("tier__position")
        .first()
    )
    admin.goto(f"/selection/{campaign.pk}/results/")
    link = page.locator(f"a[href='/selection/entries/{luan_entry.pk}/certificate.pdf']")
    expect(link).to_have_text(re.compile("证书"))
    pdf = _pdf_of(admin, link.click)
    assert pdf.startswith(b"%PDF")
    # its QR code and link point to the verification page
    found = re.search(rb"/verify/([A-Za-z0-9_:\-]+)/", pdf)
    from jiangxin.core.documents import verify_path

    luan_entry.refresh_from_db()
    expected = verify_path(luan_entry.certificate)
    assert found is not None and found.group(0).decode() == expected

    # The verification page (no login) shows the record.
    public = browser_session()
    public.goto(expected)
    body = public.page.locator("body")
    expect(body).to_contain_text(luan_entry.certificate.holder_name)
    expect(body).to_contain_text(NUMBER)
    expect(body).to_contain_text(luan_entry.tier.name)

    # 栾军 sees it on his own passport and downloads it.
    luan = browser_session()
    luan.login("worker_luan", PASSWORD)
    luan.goto("/people/me/")
    own = luan.page.locator(f"a[href='/selection/entries/{luan_entry.pk}/certificate.pdf']")
    expect(own).to_be_visible()
    luan.page.screenshot(path="/tmp/sel_luan_passport.png", full_page=True)
    assert _pdf_of(luan, own.click).startswith(b"%PDF")
