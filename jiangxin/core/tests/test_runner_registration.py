"""The background runners are registered when Django starts (in `ready()`), not when the
URLconf happens to load: a worker started with checks skipped runs an import job."""

from __future__ import annotations

import textwrap

from jiangxin.testing.urlwalk import run_in_fresh_process

SCRIPT = textwrap.dedent(
    """
    import io, sys, uuid
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    import xlsxwriter
    from jiangxin.core.models import TaskProgress
    from jiangxin.core.tasks import task_run
    from jiangxin.orgs.models import Org
    from jiangxin.testing.factories import make_uscc
    from jiangxin.testing.world import build_world

    w = build_world()
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["企业名称", "统一社会信用代码", "上级工会", "行政区划代码", "行业"])
    sheet.write_row(1, 0, ["后台导入企业", make_uscc("370102", 900001), w.county.name, "370102", "C"])
    book.close()
    from pathlib import Path
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex + ".xlsx"
    (folder / name).write_bytes(buf.getvalue())
    assignment = w.city_staff.role_assignments.get().pk
    job = TaskProgress.objects.create(
        owner=w.city_staff, kind="import", title="t",
        params={"name": "orgs.enterprises", "file": name, "filename": "e.xlsx",
                "assignment": assignment},
    )
    task_run.call(job.pk)
    job.refresh_from_db()
    assert "jiangxin.urls" not in sys.modules, "the URLconf was loaded"
    assert job.state == "done", (job.state, job.result)
    assert Org.objects.filter(name="后台导入企业").exists()
    print("IMPORTED")
    """
)


def test_runner_import_job_runs_in_a_process_that_never_loads_the_urlconf(tmp_path):
    out = run_in_fresh_process(SCRIPT, settings_module="jiangxin.settings.test", data_dir=tmp_path)
    assert "IMPORTED" in out, out[-6000:]
