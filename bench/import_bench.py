"""Worker import against the bare read (issue 11 item 4, issue 12 item 3):

- rows per second of `import_run` on a worker file, and the ratio to a bare calamine
  read of the same file in its own process (open the workbook, walk every row);
- where the rest goes: seconds per phase (read, parse, lookup, check, stage, write,
  commit — `ImportResult.phases`) and what the per-row crypto costs alone (AES-GCM of
  the ID number, the HMAC blind index, the ID check);
- `--pages`: page waits during an import run by the job function in another process: a
  logged-in loop of a list page (GET) and a form POST that writes (a worker's edit form)
  records the maximum and p95 of each request's time while the import runs;
- `--profile`: cProfile of the import, the top functions by own time.

    .venv/bin/python -m bench.import_bench [--rows 50000] [--pages] [--profile]

Uses JX_BENCH_DATABASE_URL (default: var/bench-import.sqlite3, created fresh). Seeds a
small province (3,000 orgs) if it is not there. The file builder is bench/people_bench.py's.
The last line is `BENCH_RESULT {json}`."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.people_bench import _setup, worker_workbook

BARE_READ = """
import io, sys, time
from python_calamine import CalamineWorkbook
data = open(sys.argv[1], "rb").read()
t = time.perf_counter()
sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
n = sum(1 for _row in sheet.iter_rows())
print(time.perf_counter() - t, n)
"""


def bare_read_s(path: str) -> float:
    """The best of three bare calamine reads of the file, each in a fresh process."""
    times = []
    for _ in range(3):
        out = subprocess.run(  # noqa: S603 (this interpreter, our script)
            [sys.executable, "-c", BARE_READ, path], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.split()[0]))
    return min(times)


def _cast():
    """The province root, an importer (federation staff: no second factor) and one worker
    of an enterprise for the form POST."""
    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.core.seeding import ROOT_NAME
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.seeding import seed_province_orgs
    from jiangxin.people.models import Worker
    from jiangxin.people.services import worker_register

    if not Org.objects.filter(depth=1, name=ROOT_NAME).exists():
        seed_province_orgs(stdout=sys.stderr, orgs=3000)
    root = Org.objects.get(depth=1, name=ROOT_NAME)
    user, created = User.objects.get_or_create(
        username="bench_import_staff", defaults={"home_org": root}
    )
    if created:
        RoleAssignment.objects.create(user=user, org=root, role="federation_staff")
    worker = Worker.objects.filter(name="表单职工").first()
    if worker is None:
        from jiangxin.people.seeding import resident_id_for

        ent = Org.objects.filter(kind=OrgKind.ENTERPRISE, path__startswith=root.path).first()
        worker = worker_register(
            actor=user,
            employer=ent,
            resident_id=resident_id_for(13_999_999, ent.region_code),
            name="表单职工",
        )
    return root, user, worker


def crypto_costs(n: int = 20000) -> dict:
    """Microseconds per row of what every new worker costs by nature."""
    from jiangxin.core.validators import validate_resident_id
    from jiangxin.people.crypto import pii_blind_index, pii_encrypt
    from jiangxin.people.seeding import resident_id_for

    ids = [resident_id_for(i, "370102") for i in range(n)]
    out = {}
    for name, fn in (
        ("encrypt_us", pii_encrypt),
        ("blind_index_us", pii_blind_index),
        ("validate_id_us", validate_resident_id),
    ):
        t = time.perf_counter()
        for rid in ids:
            fn(rid)
        out[name] = round((time.perf_counter() - t) / n * 1e6, 2)
    return out


def _next_start() -> int:
    from jiangxin.people.models import Worker

    return 3_000_000 + Worker.objects.count()


def run_import(rows: int, profile: bool) -> dict:
    from django.db import connection

    from jiangxin.core.imports import import_run
    from jiangxin.people.imports import WorkerImport

    root, user, _worker = _cast()
    data = worker_workbook(root, rows, _next_start())
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as f:
        f.write(data)
    bare = bare_read_s(f.name)
    os.unlink(f.name)
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.perf_counter()
    result = import_run(actor=user, spec=WorkerImport(), data=data, filename="workers.xlsx")
    seconds = time.perf_counter() - t
    if prof:
        import pstats

        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    if not result.ok:
        raise SystemExit(f"import refused: {result.errors[:3]}")
    # the same file again: every row unchanged, nothing written
    t = time.perf_counter()
    again = import_run(actor=user, spec=WorkerImport(), data=data, filename="workers.xlsx")
    reimport_s = time.perf_counter() - t
    assert again.ok and again.created == 0 and again.unchanged == rows, again.as_dict()
    crypto = crypto_costs()
    per_row_us = seconds / rows * 1e6
    return {
        "db": connection.vendor,
        "rows": rows,
        "import_s": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "bare_read_s": round(bare, 3),
        "ratio_to_bare_read": round(seconds / bare, 2),
        "phases_s": {k: round(v, 3) for k, v in getattr(result, "phases", {}).items()},
        "reimport_s": round(reimport_s, 2),
        **crypto,
        "crypto_share": round(
            (crypto["encrypt_us"] + crypto["blind_index_us"] + crypto["validate_id_us"])
            / per_row_us,
            2,
        ),
    }


def _child_job(job_pk: int) -> None:
    """Run one import job as the worker does (`task_run`), in this process."""
    from jiangxin.core.import_jobs import run_import  # noqa: F401  (registers the runner)
    from jiangxin.core.tasks import task_run

    task_run.call(job_pk)


def run_pages(rows: int) -> dict:
    """Page waits while a `rows`-row import runs as a job in another process."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from jiangxin.core.import_jobs import _upload_dir
    from jiangxin.core.models_tasks import TaskProgress

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {  # no collected static files in a bench checkout
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    root, user, worker = _cast()
    data = worker_workbook(root, rows, _next_start())
    stored = _upload_dir() / "bench-import.xlsx"
    stored.write_bytes(data)
    job = TaskProgress.objects.create(
        owner=user,
        kind="import",
        title="bench",
        params={"name": "people.workers", "file": stored.name, "filename": "workers.xlsx"},
    )
    client = Client()
    client.force_login(user)
    list_url = reverse("people:worker_list")
    edit_url = reverse("people:worker_edit", args=[worker.pk])
    form = {
        "name": worker.name,
        "employer": worker.employer_id,
        "first_line": "on",
        "occupation": "",
    }
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]}
    waits: dict[str, list[float]] = {"idle_list": [], "idle_post": [], "list": [], "post": []}
    failures = 0
    n = 0
    t0 = time.perf_counter()
    child = None
    while child is None or child.poll() is None:
        if child is None and time.perf_counter() - t0 > 10:  # 10 s without an import first
            child = subprocess.Popen(  # noqa: S603 (this interpreter, this module)
                [sys.executable, "-m", "bench.import_bench", "--child-job", str(job.pk)], env=env
            )
            t0 = time.perf_counter()
        prefix = "" if child else "idle_"
        n += 1
        for kind, call in (
            ("list", lambda: client.get(list_url)),
            ("post", lambda n=n: client.post(edit_url, {**form, "occupation": f"钳工{n % 7}"})),
        ):
            t = time.perf_counter()
            try:
                response = call()
                ok = response.status_code in (200, 302)
            except Exception as exc:  # "database is locked" and the like
                print(f"request failed: {exc}", file=sys.stderr)
                ok = False
            waits[prefix + kind].append(time.perf_counter() - t)
            failures += not ok
        time.sleep(0.05)
    elapsed = time.perf_counter() - t0
    job.refresh_from_db()
    out = {"page_rows": rows, "job_state": job.state, "job_s": round(elapsed, 1)}
    out["job_ok"] = bool((job.result or {}).get("ok"))
    for kind, times in waits.items():
        times.sort()
        out[f"{kind}_requests"] = len(times)
        out[f"{kind}_max_ms"] = round(times[-1] * 1000) if times else None
        out[f"{kind}_p95_ms"] = (
            round(times[int(len(times) * 0.95) - 1] * 1000) if len(times) >= 20 else None
        )
        out[f"{kind}_median_ms"] = round(statistics.median(times) * 1000) if times else None
    out["page_failures"] = failures
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--pages", action="store_true", help="page waits during an import job")
    parser.add_argument("--page-rows", type=int, default=120_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child-job", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_job:
        _setup(os.environ["DATABASE_URL"])
        _child_job(args.child_job)
        return
    default = Path("var").resolve() / "bench-import.sqlite3"
    url = os.environ.get("JX_BENCH_DATABASE_URL")
    if url is None:
        default.unlink(missing_ok=True)
        url = f"sqlite:///{default}"
    _setup(url)
    result = run_import(args.rows, args.profile)
    if args.pages:
        result.update(run_pages(args.page_rows))
    for key, value in result.items():
        print(f"  {key:<22} {value}", file=sys.stderr)
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
