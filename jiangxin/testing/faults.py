"""Steps of the fault tests, each run in a process of its own (`python -c "from
jiangxin.testing.faults import …"`) on the settings of `jiangxin.testing.fault_settings`."""

from __future__ import annotations

import io
import json
import sys


def _setup():
    import django

    django.setup()


def _enterprises_xlsx(county_name: str, rows: int, start: int = 0) -> bytes:
    import xlsxwriter

    from jiangxin.testing.factories import make_uscc

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["企业名称", "统一社会信用代码", "上级工会", "行政区划代码", "行业"])
    for i in range(start, start + rows):
        code = make_uscc("370102", 500000 + i)
        sheet.write_row(i - start + 1, 0, [f"故障测试企业{i}", code, county_name, "370102", "C"])
    book.close()
    return buf.getvalue()


def prepare(rows: int) -> None:
    """Migrate, build the test world, and submit an import of `rows` enterprises as the
    city staff (over 1,000 rows: queued for the worker). Prints the job."""
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jiangxin.core.import_jobs import import_submit
    from jiangxin.testing.world import build_world

    w = build_world()
    job = import_submit(
        actor=w.city_staff,
        name="orgs.enterprises",
        data=_enterprises_xlsx(w.county.name, rows),
        filename="e.xlsx",
    )
    print(json.dumps({"job": job.pk, "county": w.county.name}))


def inline_import(rows: int) -> None:
    """The web process's path: an import of at most 1,000 rows runs inside the request
    (slowed down by `jiangxin/testing/fault_app` so that the test can kill it)."""
    _setup()
    from jiangxin.accounts.models import User
    from jiangxin.core.import_jobs import import_submit
    from jiangxin.orgs.models import Org

    user = User.objects.get(username="city_staff")
    county = Org.objects.get(name="甲区总工会")
    print("STARTED", flush=True)
    import_submit(
        actor=user,
        name="orgs.enterprises",
        data=_enterprises_xlsx(county.name, rows, start=100000),
        filename="inline.xlsx",
    )
    print("FINISHED", flush=True)


def job_page(job_id: int) -> None:
    """What the owner's browser sees of the job (the progress page polls it)."""
    _setup()
    from django.test import Client

    from jiangxin.accounts.models import User
    from jiangxin.core.models import TaskProgress

    job = TaskProgress.objects.get(pk=job_id)
    client = Client()
    client.force_login(User.objects.get(pk=job.owner_id))
    body = client.get(f"/jobs/{job_id}/").content.decode()
    job.refresh_from_db()
    print(json.dumps({"state": job.state, "message": job.message, "shown": job.message in body}))


def state(job_id: int) -> None:
    _setup()
    from jiangxin.core.models import TaskProgress
    from jiangxin.orgs.models import Org

    job = TaskProgress.objects.get(pk=job_id)
    imported = Org.objects.filter(name__startswith="故障测试企业").count()
    print(json.dumps({"state": job.state, "attempts": job.attempts, "imported": imported}))


if __name__ == "__main__":
    globals()[sys.argv[1]](*map(int, sys.argv[2:]))
