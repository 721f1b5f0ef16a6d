"""The worker export at scale (issue 11, item 3): the export job against a bare xlsxwriter
loop writing the same values.

    .venv/bin/python -m bench.export_bench [--workers 100000] [--orgs 2000] [--repeat 3]

Uses JX_BENCH_DATABASE_URL (default: var/bench-export.sqlite3). Seeds a province of
`--orgs` orgs and `--workers` workers when it has none (people/seeding.py: COPY on
PostgreSQL). Then, as the province's federation admin, in this one process, each
`--repeat` times (the median is reported):

- **bare**: the export's values fetched beforehand (not timed) into a list, then written
  by a bare xlsxwriter loop (constant_memory, `write_row`) — the floor; **bare_typed**: the
  same values through `write_string` / `write_number` called by type (a stricter floor);
- **export**: `worker_export_rows` → `core.exports.write_xlsx` inside `transaction.atomic`
  (what the job's runner does, without the job row);
- **job**: the whole export job (`task_run` of a TaskProgress of kind "export": the count
  first, the rows, the file in MEDIA_ROOT/exports, the audit row);
- **before**: the export as it was before labels were resolved once (one model instance
  per row, `get_*_display()` and `gettext` per row), for the record.

The ratio is given in wall time and in this process's CPU time (the CPU ratio is the one to
read on a loaded machine: the database engine runs in this process on SQLite). Peak RSS
growth is how far this process's peak resident set rose above its resident size
at the start of each operation (bench/measure.py). The last line is `BENCH_RESULT {json}`."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import peak_rss_mb, reset_peak_rss


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)


def _old_rows(user):
    """The worker export before issue 11: model instances, labels looked up per row."""
    from django.utils.translation import gettext as _

    from jiangxin.people.selectors import worker_qs

    yield [
        _("Full name"),
        _("Gender"),
        _("Resident ID number"),
        _("Date of birth"),
        _("Employer"),
        _("Occupation"),
        _("Skill level"),
        _("First-line worker"),
        _("Migrant worker"),
        _("Mobile"),
    ]
    for w in worker_qs(user).select_related("employer").order_by("id").iterator(chunk_size=5000):
        yield [
            w.name,
            w.get_gender_display(),
            w.id_masked,
            w.birth_date.isoformat(),
            w.employer.name,
            w.occupation,
            w.get_skill_level_display() if w.skill_level else "",
            _("yes") if w.first_line else _("no"),
            _("yes") if w.migrant else _("no"),
            w.mobile,
        ]


def _measure(fn) -> dict:
    start = reset_peak_rss()
    t, c = time.perf_counter(), time.process_time()
    rows = fn()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return {
        "rows": rows,
        "wall_s": wall,
        "cpu_s": cpu,
        "rss_growth_mb": round(peak_rss_mb() - start, 1),
    }


def _median(runs: list[dict]) -> dict:
    out = dict(runs[0])
    for key in ("wall_s", "cpu_s", "rss_growth_mb"):
        out[key] = round(statistics.median(r[key] for r in runs), 3)
    return out


def run(workers: int, orgs: int, repeat: int) -> dict:
    import xlsxwriter
    from django.db import connection, transaction

    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.accounts.seeding import seed_province
    from jiangxin.core.access import set_active_assignment, user_scope
    from jiangxin.core.exports import write_xlsx
    from jiangxin.core.models import TaskProgress
    from jiangxin.core.seeding import ROOT_NAME
    from jiangxin.core.tasks import task_run
    from jiangxin.orgs.models import Org
    from jiangxin.people.models import Worker
    from jiangxin.people.seeding import seed_province_workers
    from jiangxin.people.selectors import worker_export_rows

    out = sys.stderr
    t = time.perf_counter()
    if not Org.objects.filter(depth=1, name=ROOT_NAME).exists():
        seed_province(stdout=out, orgs=orgs)
    root = Org.objects.get(depth=1, name=ROOT_NAME)
    seed_province_workers(stdout=out, total=workers)
    seed_s = time.perf_counter() - t
    admin, _ = User.objects.get_or_create(
        username="bench_export_admin", defaults={"home_org": root}
    )
    role, _ = RoleAssignment.objects.get_or_create(user=admin, org=root, role="federation_admin")
    set_active_assignment(admin, role.pk)
    user_scope(admin)
    total = Worker.objects.filter(employer__path__startswith=root.path).count()
    result: dict = {"db": connection.vendor, "workers": total, "seed_s": round(seed_s, 1)}

    def bare() -> int:
        values = list(worker_export_rows(admin))  # fetched beforehand: not part of the loop

        def loop() -> int:
            with tempfile.TemporaryFile(suffix=".xlsx") as f:
                book = xlsxwriter.Workbook(f, {"constant_memory": True, "in_memory": False})
                ws = book.add_worksheet("Sheet1")
                for i, row in enumerate(values):
                    ws.write_row(i, 0, row)
                book.close()
            return len(values) - 1

        def typed() -> int:  # the writer of each value's type, called directly
            with tempfile.TemporaryFile(suffix=".xlsx") as f:
                book = xlsxwriter.Workbook(f, {"constant_memory": True, "in_memory": False})
                ws = book.add_worksheet("Sheet1")
                string, number = ws.write_string, ws.write_number
                for i, row in enumerate(values):
                    for c, v in enumerate(row):
                        if type(v) is str:
                            string(i, c, v)
                        else:
                            number(i, c, v)
                book.close()
            return len(values) - 1

        return _measure(loop), _measure(typed)

    def export() -> int:
        with transaction.atomic(), tempfile.TemporaryFile(suffix=".xlsx") as f:
            return write_xlsx(worker_export_rows(admin), f)

    def before() -> int:
        with transaction.atomic(), tempfile.TemporaryFile(suffix=".xlsx") as f:
            return write_xlsx(_old_rows(admin), f)

    def job() -> int:
        from jiangxin.core.export_jobs import export_file_path

        task = TaskProgress.objects.create(
            owner=admin,
            kind="export",
            title="bench",
            params={"export": "workers", "params": {}, "assignment": role.pk, "filters": {}},
        )
        task_run.call(task.pk)
        task.refresh_from_db()
        assert task.state == TaskProgress.State.DONE, task.message
        path = export_file_path(task)
        result["job_file_mb"] = round(path.stat().st_size / 2**20, 1)
        path.unlink()
        return task.result["rows"]

    for name, fn in (("export", export), ("job", job), ("before", before)):
        result[name] = _median([_measure(fn) for _ in range(repeat)])
        print(f"  {name:<8} {result[name]}", file=out, flush=True)
    floors = [bare() for _ in range(repeat)]
    result["bare"] = _median([f[0] for f in floors])
    result["bare_typed"] = _median([f[1] for f in floors])
    for name in ("bare", "bare_typed"):
        print(f"  {name:<8} {result[name]}", file=out, flush=True)
    for floor_name, suffix in (("bare", ""), ("bare_typed", "_typed")):
        floor, cpu_floor = result[floor_name]["wall_s"], result[floor_name]["cpu_s"]
        for name in ("export", "job", "before"):
            wall, cpu = result[name]["wall_s"], result[name]["cpu_s"]
            result[f"{name}_vs_bare{suffix}"] = round(wall / floor, 2) if floor else None
            result[f"{name}_vs_bare{suffix}_cpu"] = round(cpu / cpu_floor, 2) if cpu_floor else None
    result["export_rows_per_s"] = round(total / result["export"]["wall_s"])
    result["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export_bench")
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    default = f"sqlite:///{Path('var').resolve() / 'bench-export.sqlite3'}"
    _setup(os.environ.get("JX_BENCH_DATABASE_URL", default))
    result = run(args.workers, args.orgs, args.repeat)
    for suffix in ("", "_typed"):
        for name in ("export", "job", "before"):
            wall, cpu = result[f"{name}_vs_bare{suffix}"], result[f"{name}_vs_bare{suffix}_cpu"]
            print(f"  {name} / bare{suffix}: {wall}× wall, {cpu}× CPU", file=sys.stderr)
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
