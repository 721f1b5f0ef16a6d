"""One measurement, in a fresh process: `python -m bench.measure <task> [args]`.

Run by bench/__main__.py with DATABASE_URL and DJANGO_SETTINGS_MODULE set. Prints
progress on stderr and exactly one line `BENCH_RESULT {json}` on stdout. Times are wall
clock (time.perf_counter) and this process's CPU time; peak memory is how far this
process's peak resident set size rose above its resident size at the start of the
operation (the kernel's VmHWM, reset through /proc/self/clear_refs, and VmRSS sampled
every 10 ms), so it counts Python objects and native buffers (calamine, xlsxwriter, the
database driver) alike.

DEBUG is switched off after setup, as in production: with DEBUG on, Django keeps the
text of every query, which both slows bulk writes and grows memory. Static URLs come from
the plain storage (no collectstatic needed).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time

TASKS = {}


def task(fn):
    TASKS[fn.__name__.replace("_", "-")] = fn
    return fn


def log(msg: str) -> None:
    print(f"    {msg}", file=sys.stderr, flush=True)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _proc_status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak_rss() -> float:
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS and return that RSS in
    MB (Linux ≥ 4.0); else return ru_maxrss, the best lower bound there is."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return maxrss_mb()
    return _proc_status_mb("VmRSS") or maxrss_mb()


def peak_rss_mb() -> float:
    return _proc_status_mb("VmHWM") or maxrss_mb()


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 4 / 1024


def current_rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE_MB
    except OSError:
        return None


class Span:
    """Wall time, CPU time and peak RSS growth of a `with` block. The peak is the larger of
    the kernel's mark (VmHWM, reset at the start; the kernel updates it lazily) and
    VmRSS sampled every 10 ms by a thread."""

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            rss = current_rss_mb()
            if rss is not None and rss > self._max:
                self._max = rss

    def __enter__(self):
        self.rss0 = reset_peak_rss()
        self._max = self.rss0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self.cpu0 = cpu_s()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = cpu_s() - self.cpu0
        self._stop.set()
        self._thread.join()
        self.peak_abs = max(peak_rss_mb(), self._max, current_rss_mb() or 0)
        self.peak_mb = self.peak_abs - self.rss0

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "peak_rss_mb": round(self.peak_mb, 1),
            "rss_start_mb": round(self.rss0, 1),
            "rss_peak_mb": round(self.peak_abs, 1),
        }


def median_ms(fn, repeat: int) -> float:
    fn()  # warm up (plans, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings.dev")
    import django

    django.setup()
    import logging

    from django.conf import settings

    settings.DEBUG = False
    # Plain static URLs: the manifest storage would need `collectstatic` first (its lookups
    # are a dict access, nothing to measure).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.getLogger("axes").setLevel(logging.WARNING)


def bench_admin():
    from jiangxin.accounts.models import User
    from jiangxin.core.access import user_scope
    from jiangxin.core.seeding import PROVINCE_ADMIN

    admin = User.objects.get(username=PROVINCE_ADMIN)
    user_scope(admin)  # resolved once, as the middleware does per request
    return admin


def explain(sql: str, params=None) -> list[str]:
    """The query plan, one string per line (EXPLAIN QUERY PLAN on SQLite)."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [str(row[-1]) for row in cursor.fetchall()]


def _fts_drives(plan: list[str]) -> bool:
    """True when the full-text table is the outer loop of the search subquery."""
    first = next((line for line in plan if line.startswith(("SCAN", "SEARCH"))), "")
    return "core_searchdocument_fts" in first


# --- tasks ----------------------------------------------------------------------------


@task
def info(args) -> dict:
    import django
    from django.db import connection

    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.core.models import SearchDocument
    from jiangxin.orgs.models import Org

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "vendor": connection.vendor,
        "version": version,
        "django": django.get_version(),
        "python": sys.version.split()[0],
        "orgs": Org.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "search_documents": SearchDocument.objects.count(),
    }


@task
def listing(args) -> dict:
    """(a) the org list at page 1 and page 1,000; (b) a subtree under a city."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jiangxin.core.access import subtree_q, user_scope
    from jiangxin.core.search import _match, search_ids
    from jiangxin.core.seeding import ROOT_NAME
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.selectors import org_list, org_qs

    repeat = args.repeat
    admin = bench_admin()
    province = Org.objects.get(depth=1, name=ROOT_NAME)
    out: dict = {}

    # (a) kind filter over the whole scope: every enterprise of the province in tree order.
    kind = OrgKind.ENTERPRISE
    cursors: list[str | None] = [None]  # cursors[k] opens page k + 1
    t0 = time.perf_counter()
    for _ in range(999):
        page = org_list(admin, kind=kind, cursor=cursors[-1], size=50)
        cursors.append(page.next_cursor)
    out["walk_999_pages_s"] = round(time.perf_counter() - t0, 2)
    c1000 = cursors[999]
    assert c1000, "fewer than 1,000 pages"
    with CaptureQueriesContext(connection) as q1:
        first = org_list(admin, kind=kind, size=50)
    with CaptureQueriesContext(connection) as q1000:
        last = org_list(admin, kind=kind, cursor=c1000, size=50)
    assert len(first.items) == len(last.items) == 50
    page1000_sql = q1000.captured_queries[-1]["sql"]  # before a reconnect clears the log
    out["kind_queries_page1"] = len(q1)
    out["kind_queries_page1000"] = len(q1000)
    out["kind_page1_ms"] = median_ms(lambda: org_list(admin, kind=kind, size=50), repeat)
    out["kind_page1000_ms"] = median_ms(
        lambda: org_list(admin, kind=kind, cursor=c1000, size=50), repeat
    )
    out["kind_rows"] = Org.objects.filter(path__startswith=province.path, kind=kind).count()

    # The same two pages through the whole view (middleware, session, template).
    from jiangxin.testing.world import force_login_verified

    client = Client(HTTP_HOST="127.0.0.1")
    force_login_verified(client, admin)  # past the second factor, as after the login pages
    url1 = "/orgs/?kind=enterprise"
    url1000 = f"{url1}&cursor={c1000}"

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    assert last.items[0].name in get(url1000).content.decode()
    out["view_page1_ms"] = median_ms(lambda: get(url1), repeat)
    out["view_page1000_ms"] = median_ms(lambda: get(url1000), repeat)

    out["kind_plan"] = explain(page1000_sql)

    # (b) the subtree under the largest city: count + the first 100 in tree order.
    cities = list(Org.objects.filter(path__startswith=province.path, kind=OrgKind.MUNICIPAL))
    sizes = {c.pk: Org.objects.filter(path__startswith=c.path).count() for c in cities}
    city = max(cities, key=lambda c: sizes[c.pk])

    def subtree():
        qs = org_qs(admin).filter(subtree_q(city.path)).exclude(pk=city.pk)  # as org_list
        n = qs.count()
        rows = list(qs.order_by("path")[:100])
        assert len(rows) == 100
        return n

    out["subtree_city"] = city.name
    with CaptureQueriesContext(connection) as qsub:
        out["subtree_rows"] = subtree()
    out["subtree_plans"] = [explain(q["sql"]) for q in qsub.captured_queries]
    out["subtree_ms"] = median_ms(subtree, repeat)

    # The search path: q matches every enterprise name (…有限公司), so the result set and
    # its tree order are those of the kind filter, and the page-1,000 cursor is the same.
    q = "有限公司"
    match = _match(connection.vendor, "org", q, user_scope(admin).paths)
    fts_sql = f"SELECT d.object_id FROM {match.from_where}"  # noqa: S608 (constants only)
    out["search_plan"] = explain(fts_sql, match.params)
    out["search_analyzed_first"] = False
    if connection.vendor == "sqlite" and not _fts_drives(out["search_plan"]):
        # Without statistics SQLite runs the full-text MATCH once per document (100k
        # times): unmeasurable. Record that plan, give SQLite statistics, measure again.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out["search_analyzed_first"] = True
        out["search_plan_after_analyze"] = explain(fts_sql, match.params)
    s1000 = org_list(admin, parent=province, q=q, cursor=c1000, size=50)
    out["search_same_rows_as_kind"] = [o.pk for o in s1000.items] == [o.pk for o in last.items]
    with CaptureQueriesContext(connection) as qs1:
        org_list(admin, parent=province, q=q, size=50)
    out["search_queries_page1"] = len(qs1)
    srepeat = max(5, repeat // 3)
    out["search_page1_ms"] = median_ms(
        lambda: org_list(admin, parent=province, q=q, size=50), srepeat
    )
    out["search_page1000_ms"] = median_ms(
        lambda: org_list(admin, parent=province, q=q, cursor=c1000, size=50), srepeat
    )
    # A selective search, for scale: a city and a trade (a few hundred matches).
    narrow = "东川 钢铁"
    out["narrow_q"] = narrow
    out["narrow_rows"] = Org.objects.filter(
        pk__in=search_ids("org", narrow, org_paths=(province.path,), limit=1_000_000)
    ).count()
    out["narrow_page1_ms"] = median_ms(
        lambda: org_list(admin, parent=province, q=narrow, size=50), repeat
    )
    # The search page takes a window of matches after its cursor (core.search.search_page);
    # against it, in the same run, the same pages through every match (the IN subquery
    # unlimited, as before the window): the queries, the window's plan and its time.
    from jiangxin.core.pagination import keyset_page
    from jiangxin.core.search import _narrow, _window_sql, search_filter

    def all_matches(query, cursor=None):
        qs = org_qs(admin).filter(subtree_q(province.path)).exclude(pk=province.pk)
        qs = search_filter(qs, "org", query, user=admin) | qs.filter(uscc=query.upper())
        return keyset_page(qs, order=("path",), cursor=cursor, size=50)

    assert [o.pk for o in all_matches(q, c1000).items] == [o.pk for o in s1000.items]
    with CaptureQueriesContext(connection) as qw:
        org_list(admin, parent=province, q=q, cursor=c1000, size=50)
    out["search_queries_page1000"] = len(qw)
    out["search_all_page1_ms"] = median_ms(lambda: all_matches(q), srepeat)
    out["search_all_page1000_ms"] = median_ms(lambda: all_matches(q, c1000), srepeat)
    out["narrow_all_page1_ms"] = median_ms(lambda: all_matches(narrow), repeat)
    window = _match(connection.vendor, "org", q, _narrow(user_scope(admin).paths, province.path))
    after = Org.objects.get(pk=last.items[0].pk).path
    wsql, wparams = _window_sql(connection.vendor, window, "org_path", False, after, 200)
    out["search_window_plan"] = explain(wsql, wparams)

    def run_window():
        with connection.cursor() as cursor:
            cursor.execute(wsql, wparams)
            return cursor.fetchall()

    out["search_window_ms"] = median_ms(run_window, srepeat)

    def province_count():
        return org_qs(admin).filter(path__startswith=province.path).count()

    out["province_count_rows"] = province_count()
    out["province_count_ms"] = median_ms(province_count, max(5, repeat // 3))
    return out


IMPORT_HEADERS = ["企业名称", "统一社会信用代码", "上级工会", "行政区划代码", "行业"]
IMPORT_HEADERS += ["地址", "联系人", "联系电话"]


@task
def gen_import(args) -> dict:
    """An enterprise workbook of `n` rows whose parents are the seeded counties."""
    import xlsxwriter

    from jiangxin.core.seeding import BRANDS, SUFFIXES, TRADES, bench_uscc, county_names

    rng = random.Random(args.n)
    counties = county_names()
    book = xlsxwriter.Workbook(args.path, {"constant_memory": True})
    ws = book.add_worksheet("enterprises")
    ws.write_row(0, 0, IMPORT_HEADERS)
    for i in range(args.n):
        county, region = counties[i % len(counties)]
        trade, industry = TRADES[i % len(TRADES)]
        name = f"{county[:2]}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{trade}{rng.choice(SUFFIXES)}"
        ws.write_row(
            i + 1,
            0,
            [
                name,
                bench_uscc(region, args.offset + i),
                county,
                region,
                industry,
                f"{county[:-3]}工业路{i % 999 + 1}号",
                "张伟",
                f"139{i:08d}",
            ],
        )
    book.close()
    return {"rows": args.n, "bytes": os.path.getsize(args.path)}


@task
def bare_read(args) -> dict:
    """The bare python-calamine read the import is compared with: the whole sheet into
    Python lists (`to_python`)."""
    from python_calamine import CalamineWorkbook

    with open(args.path, "rb") as f:
        data = f.read()
    with Span() as span:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return {"rows": len(rows) - 1, **span.as_dict()}


@task
def bare_load(args) -> dict:
    """What the import's reader itself costs: calamine loads the sheet (its cells stay in
    calamine's own memory) and the rows are iterated one at a time."""
    from python_calamine import CalamineWorkbook

    with open(args.path, "rb") as f:
        data = f.read()
    with Span() as span:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        n = sum(1 for _row in sheet.iter_rows())
    return {"rows": n - 1, **span.as_dict()}


@task
def import_file(args) -> dict:
    """import_run of the enterprise workbook, with a breakdown by phase; then, timed
    apart, what indexing the new orgs for search would add."""
    from django.utils import timezone

    import jiangxin.core.imports as core_imports
    from jiangxin.core.imports import import_run
    from jiangxin.orgs.imports import EnterpriseImport
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.search import org_search_reindex_many

    phases = dict.fromkeys(("read", "prepare", "check", "write"), 0.0)

    def timed(name, fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                phases[name] += time.perf_counter() - t0

        return wrapper

    class TimedImport(EnterpriseImport):
        prepare = timed("prepare", EnterpriseImport.prepare)
        check = timed("check", EnterpriseImport.check)
        write = timed("write", EnterpriseImport.write)

    core_imports._open_sheet = timed("read", core_imports._open_sheet)
    with open(args.path, "rb") as f:
        data = f.read()
    admin = bench_admin()
    before = Org.objects.count()
    started = timezone.now()
    with Span() as span:
        result = import_run(actor=admin, spec=TimedImport(), data=data, filename="bench.xlsx")
    assert result.ok, result.as_dict()["errors"][:5]
    assert Org.objects.count() == before + result.created
    out = {
        "rows": result.total,
        "created": result.created,
        **span.as_dict(),
        "rows_per_s": round(result.total / span.wall),
        "phases_s": {k: round(v, 3) for k, v in phases.items()},
    }
    out["phases_s"]["parse+other"] = round(span.wall - sum(phases.values()), 3)
    t0 = time.perf_counter()
    out["search_index_after_s"] = None
    new = Org.objects.filter(created_at__gte=started).only(
        "pk", "path", "name", "uscc", "region_code"
    )
    indexed = org_search_reindex_many(new.order_by("pk").iterator(chunk_size=5000))
    out["search_index_after_s"] = round(time.perf_counter() - t0, 3)
    out["search_indexed"] = indexed
    return out


@task
def export(args) -> dict:
    from jiangxin.core.exports import write_xlsx
    from jiangxin.orgs.selectors import org_export_rows

    admin = bench_admin()
    with tempfile.TemporaryFile(suffix=".xlsx") as f:
        with Span() as span:
            rows = itertools.islice(org_export_rows(admin), args.n + 1)
            count = write_xlsx(rows, f)
        size = f.tell()
    assert count == args.n, count
    return {"rows": count, "bytes": size, **span.as_dict(), "rows_per_s": round(count / span.wall)}


@task
def bare_write(args) -> dict:
    """The same values (fetched first, not timed) through a bare xlsxwriter loop."""
    import xlsxwriter

    from jiangxin.orgs.selectors import org_export_rows

    admin = bench_admin()
    values = list(itertools.islice(org_export_rows(admin), args.n + 1))
    with tempfile.TemporaryFile(suffix=".xlsx") as f, Span() as span:
        book = xlsxwriter.Workbook(f, {"constant_memory": True, "in_memory": False})
        ws = book.add_worksheet("Sheet1")
        for i, row in enumerate(values):
            ws.write_row(i, 0, row)
        book.close()
    return {"rows": len(values) - 1, **span.as_dict()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--path", default="")
    args = parser.parse_args(argv)
    setup()
    result = TASKS[args.task](args)
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
