"""Background jobs in the browser: the progress bar follows a running job by htmx polling
(no reload) to its outcome; an Excel import uploaded through the page reports its result."""

import io

import pytest
import xlsxwriter
from playwright.sync_api import expect

from jiangxin.core.models import TaskProgress
from jiangxin.testing.factories import make_uscc
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def test_progress_bar_follows_a_running_job(world, browser_session, tmp_path):
    job = TaskProgress.objects.create(
        owner=world.city_staff, kind="import", title="企业导入", state="running", total=200, done=60
    )
    s = browser_session()
    s.login(world.city_staff.username, PASSWORD)
    s.goto(f"/jobs/{job.pk}/")
    page = s.page
    page.evaluate("window.__marker = 1")
    bar = page.locator("#jx-job-bar")
    expect(bar).to_have_attribute("value", "30")
    TaskProgress.objects.filter(pk=job.pk).update(done=150)
    expect(bar).to_have_attribute("value", "75", timeout=5000)
    TaskProgress.objects.filter(pk=job.pk).update(
        state="done", done=200, result={"ok": True, "total": 100, "created": 100, "unchanged": 0}
    )
    expect(page.locator("#jx-import-ok")).to_be_visible(timeout=5000)
    expect(bar).to_have_attribute("value", "100")
    assert page.evaluate("window.__marker") == 1  # updated in place, never reloaded
    s.assert_clean()


def test_enterprise_import_through_the_page(world, browser_session, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["企业名称", "统一社会信用代码", "上级工会", "行政区划代码"])
    ws.write_row(1, 0, ["浏览器导入企业", make_uscc("370102", 4242), world.county.name, "370102"])
    ws.write_row(2, 0, ["坏企业", "91370102000000000X", world.county.name, "370102"])
    book.close()
    path = tmp_path / "enterprises.xlsx"
    path.write_bytes(buf.getvalue())

    s = browser_session()
    s.login(world.city_staff.username, PASSWORD)
    s.goto("/imports/orgs.enterprises/")
    page = s.page
    page.set_input_files("input[type=file]", str(path))
    s.submit(lambda: page.click("#jx-import-form button[type=submit]"))
    expect(page.locator("#jx-import-errors")).to_be_visible()
    assert "/jobs/" in s.path()
    expect(page.locator("#jx-job table")).to_contain_text("3")  # the bad row, named by number
    s.assert_clean()
