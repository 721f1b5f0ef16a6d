"""An export in the browser: the worker list's button starts a job, its page shows the
progress bar and follows the job by htmx polling, and offers the file when it ends."""

import io
import types
from pathlib import Path

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from jiangxin.core import tasks
from jiangxin.core.models import TaskProgress
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def test_worker_export_through_the_job_page(
    world, browser_session, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    make_worker(world.ent_a, 1, name="导出甲")
    make_worker(world.ent_a, 2, name="导出乙")
    make_worker(world.ent_b, 3, name="别厂职工")
    # the job waits for "the worker" (this test) instead of running in the request
    monkeypatch.setattr(tasks, "transaction", types.SimpleNamespace(on_commit=lambda fn: None))

    s = browser_session()
    s.login(world.admin_a.username, PASSWORD)
    s.goto("/people/?q=导出")
    page = s.page
    s.submit(lambda: page.get_by_role("button", name="导出为 Excel").click())
    assert "/jobs/" in s.path()
    bar = page.locator("#jx-job-bar")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("value", "0")
    job = TaskProgress.objects.get(kind="export")
    assert job.params["params"] == {"q": "导出"}
    page.evaluate("window.__marker = 1")

    tasks.task_run.call(job.pk)  # the worker takes the job

    download_link = page.locator("#jx-export-download")
    expect(download_link).to_be_visible(timeout=5000)
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator("#jx-export-ready")).to_contain_text("2")
    assert page.evaluate("window.__marker") == 1  # updated in place, never reloaded
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "workers.xlsx"
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(Path(download.path()).read_bytes()))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert [r[0] for r in rows] == ["姓名", "导出甲", "导出乙"]
    page.screenshot(path=str(tmp_path / "export-job.png"))
    s.assert_clean()
