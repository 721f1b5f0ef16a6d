"""From the demo seed, as a newcomer would: the province admin (Chinese UI) opens a studio
whose 公示 has ended, sees its naming rules met from the platform's records, names it and
downloads its certificate; the host enterprise downloads its own studio's certificate (a
sibling enterprise cannot); anyone sees a studio 公示 on /announcements/ with the
objection form."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jiangxin.studios.models import Studio
from jiangxin.studios.tests.helpers import honour_type

pytestmark = pytest.mark.browser

PASSWORD = "Jiangxin-2026"


@pytest.fixture
def demo(transactional_db, live_server):
    from jiangxin.people.honour_types import HONOUR_TYPES

    for row in HONOUR_TYPES:  # a transactional test's flush removes the migration's rows
        honour_type(row[0])
    call_command("seed", preset="demo", quiet_logins=True)


def test_demo_studio_named_and_its_certificate_downloaded(demo, browser_session):
    wang = Studio.objects.get(name="王树国创新工作室")
    province = browser_session()
    province.login("province_admin", PASSWORD)
    assert province.html_lang() == "zh-hans"
    province.goto("/studios/")
    province.submit(lambda: province.page.get_by_role("link", name="王树国创新工作室").click())
    assert province.path() == f"/studios/{wang.pk}/"
    page = province.page
    expect(page.locator("#jx-studio-status")).to_have_text("公示中")
    expect(page.locator("#jx-rules .jx-pass")).to_have_count(5)
    expect(page.locator("#jx-rules .jx-fail")).to_have_count(0)
    expect(page.locator("#jx-studio-works")).to_contain_text("精轧机工作辊磨损预测与换辊优化")
    page.screenshot(path="var/browser-studio-demo-detail.png", full_page=True)

    province.submit(lambda: page.click("#jx-name"))
    expect(page.locator("#jx-rules-failed")).to_have_count(0)
    page.fill("input[name=document_number]", "鲁工发〔2026〕31号")
    page.fill("input[name=unveiled_on]", "2026-12-28")
    province.submit(lambda: page.click("#jx-form button[type=submit]"))
    assert province.path() == f"/studios/{wang.pk}/"
    expect(page.locator("#jx-studio-status")).to_have_text("已命名")
    expect(page.locator("#jx-studio-facts")).to_contain_text("鲁工发〔2026〕31号")
    href = page.locator("#jx-certificate").get_attribute("href")
    pdf = page.context.request.get(province.url(href))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The host enterprise downloads its own studio's certificate; a sibling cannot.
    luan = Studio.objects.get(name="栾军创新工作室")
    host = browser_session()
    host.login("rizhao_steel_admin", PASSWORD)
    host.goto(f"/studios/{luan.pk}/")
    href = host.page.locator("#jx-certificate").get_attribute("href")
    assert host.page.context.request.get(host.url(href)).status == 200
    sibling = browser_session()
    sibling.login("shandong_steel_admin", PASSWORD)
    sibling.allow_error_status(404, href)
    assert sibling.page.context.request.get(sibling.url(href)).status == 404


def test_demo_studio_announcement_is_public_with_the_objection_form(demo, browser_session):
    public = browser_session()
    public.goto("/announcements/")
    link = public.page.get_by_role("link", name="李明创新工作室", exact=False)
    expect(link).to_have_count(1)
    public.submit(lambda: link.click())
    expect(public.page.locator("#sel-public-entries")).to_contain_text("国网山东省电力公司")
    public.submit(lambda: public.page.click("#sel-object"))
    expect(public.page.locator("#sel-objection-form")).to_contain_text("李明创新工作室")
    public.page.screenshot(path="var/browser-studio-objection-form.png", full_page=True)
