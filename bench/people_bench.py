"""The worker registry at province scale (issue: people and studios):

- the worker list and a name search, as a provincial federation admin, at page 1 and at
  page 1,000 (keyset pagination);
- an exact lookup by resident ID number through the blind index (queries counted, plan
  shown);
- importing 50,000 workers through the import framework (rows per second).

    .venv/bin/python -m bench.people_bench [--workers 2000000] [--import-rows 50000]

Uses JX_BENCH_DATABASE_URL (default: var/bench-people.sqlite3). Seeds the province orgs and
the workers if they are not there. The last line is `BENCH_RESULT {json}`."""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)


def _median_ms(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _walk(user, *, pages: int, **kwargs) -> str | None:
    from jiangxin.people.selectors import worker_list

    cursor = None
    for _ in range(pages - 1):
        page = worker_list(user, cursor=cursor, **kwargs)
        if not page.has_next:
            return None
        cursor = page.next_cursor
    return cursor


def run(workers: int, import_rows: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.accounts.seeding import seed_province
    from jiangxin.core.access import user_scope
    from jiangxin.core.seeding import ROOT_NAME
    from jiangxin.orgs.models import Org
    from jiangxin.people.crypto import pii_decrypt
    from jiangxin.people.models import Worker
    from jiangxin.people.seeding import seed_province_workers
    from jiangxin.people.selectors import worker_by_resident_id, worker_list

    out = sys.stderr
    if not Org.objects.filter(depth=1, name=ROOT_NAME).exists():
        seed_province(stdout=out)
    root = Org.objects.get(depth=1, name=ROOT_NAME)
    t = time.perf_counter()
    seed_province_workers(stdout=out, total=workers)
    seed_s = time.perf_counter() - t
    admin, _ = User.objects.get_or_create(
        username="bench_people_admin", defaults={"home_org": root}
    )
    RoleAssignment.objects.get_or_create(user=admin, org=root, role="federation_admin")
    user_scope(admin)
    total = Worker.objects.count()
    result: dict = {"db": connection.vendor, "workers": total, "seed_workers_s": round(seed_s, 1)}

    # (a) the list, page 1 vs page 1,000 (50 a page)
    cursor = _walk(admin, pages=1000, size=50)
    result["list_page1_ms"] = round(_median_ms(lambda: worker_list(admin, size=50)), 2)
    result["list_page1000_ms"] = round(
        _median_ms(lambda: worker_list(admin, size=50, cursor=cursor)), 2
    )
    # (b) a name search: surname 王 (~1/128 of the workers), 10 a page so 1,000 pages exist
    cursor = _walk(admin, pages=1000, size=10, q="王")
    result["search_page1_ms"] = round(_median_ms(lambda: worker_list(admin, size=10, q="王")), 2)
    result["search_page1000_ms"] = (
        round(_median_ms(lambda: worker_list(admin, size=10, q="王", cursor=cursor)), 2)
        if cursor
        else None
    )
    # (c) exact lookup by ID number through the blind index
    sample = Worker.objects.order_by("-id").first()
    rid = pii_decrypt(sample.id_cipher)
    with CaptureQueriesContext(connection) as ctx:
        found = worker_by_resident_id(admin, rid)
    assert found == sample
    result["lookup_queries"] = len(ctx.captured_queries)
    result["lookup_ms"] = round(_median_ms(lambda: worker_by_resident_id(admin, rid)), 3)
    with connection.cursor() as cur:
        sql = ctx.captured_queries[0]["sql"]
        cur.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
        result["lookup_plan"] = " | ".join(str(r[-1]) for r in cur.fetchall())
    # (d) importing workers through the import framework
    result.update(_import(admin, root, import_rows, start=workers + 10_000_000))
    return result


def worker_workbook(root, rows: int, start: int) -> bytes:
    """A worker import file of `rows` new workers (ID numbers from index `start`) spread
    over the first 500 enterprises under `root` (shared with bench/import_bench.py)."""
    import xlsxwriter

    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.people.seeding import resident_id_for

    enterprises = list(
        Org.objects.filter(path__startswith=root.path, kind=OrgKind.ENTERPRISE)
        .order_by("id")
        .values_list("uscc", "region_code")[:500]
    )
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    ws = book.add_worksheet()
    ws.write_row(
        0, 0, ["姓名", "居民身份证号", "工作单位", "工种", "技能等级", "一线职工", "农民工"]
    )
    for i in range(rows):
        uscc, region = enterprises[i % len(enterprises)]
        ws.write_row(
            i + 1,
            0,
            [f"导入职工{i}", resident_id_for(start + i, region), uscc, "焊工", "4", "是", "否"],
        )
    book.close()
    return buf.getvalue()


def _import(admin, root, rows: int, start: int) -> dict:
    from jiangxin.core.imports import import_run
    from jiangxin.people.imports import WorkerImport

    data = worker_workbook(root, rows, start)
    t = time.perf_counter()
    result = import_run(actor=admin, spec=WorkerImport(), data=data, filename="workers.xlsx")
    seconds = time.perf_counter() - t
    if not result.ok:
        raise SystemExit(f"import refused: {result.errors[:3]}")
    return {
        "import_rows": rows,
        "import_s": round(seconds, 2),
        "import_rows_per_s": round(rows / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2_000_000)
    parser.add_argument("--import-rows", type=int, default=50_000)
    args = parser.parse_args()
    default = f"sqlite:///{Path('var').resolve() / 'bench-people.sqlite3'}"
    _setup(os.environ.get("JX_BENCH_DATABASE_URL", default))
    result = run(args.workers, args.import_rows)
    for key, value in result.items():
        print(f"  {key:<22} {value}", file=sys.stderr)
    ratio = (
        (result["list_page1000_ms"] / result["list_page1_ms"]) if result["list_page1_ms"] else None
    )
    result["list_page_ratio"] = round(ratio, 2) if ratio else None
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
