"""`make bench` / `python -m bench [--db sqlite|postgres|both]`: build the province design
load on a fresh database and measure list pages, subtree queries, Excel import and export.

For each database: a fresh SQLite file (var/bench.sqlite3) or a throwaway PostgreSQL
server (scripts/pg-throwaway.sh on 127.0.0.1:54331, data in /tmp/jx-bench-pg, stopped at
the end); `manage.py migrate`, `manage.py seed --preset province`, then each measurement
in a fresh process (bench/measure.py) with DATABASE_URL and
DJANGO_SETTINGS_MODULE=jiangxin.settings.dev. Figures are printed and written to
var/bench/results-<db>.json and var/bench/results.md. Nothing is asserted: a missed target
is reported, not failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PY = sys.executable
SQLITE_FILE = ROOT / "var" / "bench.sqlite3"
PG_ENV = {"JX_PG_PORT": "54331", "JX_PG_DIR": "/tmp/jx-bench-pg"}  # noqa: S108 (throwaway)
IMPORT_OFFSETS = {10_000: 10_000_000, 100_000: 20_000_000}  # USCC index ranges per file

# Lines of child output not worth echoing (whitenoise's warning about var/static/).
NOISE = ("UserWarning: No directory", "mw_instance = middleware")

TARGETS = {
    "import_vs_read": 3.0,  # import ≤ 3× the bare calamine read
    "import_rows_per_s": 10_000,  # on PostgreSQL, end to end
    "export_vs_write": 1.5,  # export ≤ 1.5× the bare xlsxwriter loop
    "page1000_vs_page1": 2.0,
}


def say(msg: str = "") -> None:
    print(msg, flush=True)


def sh(*cmd: str) -> str:
    exe = shutil.which(cmd[0])
    if exe is None:
        return ""
    proc = subprocess.run([exe, *cmd[1:]], capture_output=True, text=True, check=False)  # noqa: S603
    return proc.stdout.strip()


def machine() -> dict:
    lscpu = sh("lscpu")
    model = re.search(r"Model name:\s*(.+)", lscpu)
    mem = re.search(r"Mem:\s+(\S+)", sh("free", "-h"))
    return {
        "date": datetime.date.today().isoformat(),
        "nproc": sh("nproc"),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory": mem.group(1) if mem else "?",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
    }


def run(args: list[str], env: dict, *, label: str) -> tuple[float, list[str]]:
    """Run a command, echo its output indented, return (seconds, stdout lines)."""
    say(f"  $ {label}")
    t0 = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter and scripts)
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.rstrip("\n")
        lines.append(line)
        if not line.startswith("BENCH_RESULT ") and not any(n in line for n in NOISE):
            say(f"    {line}")
    rc = proc.wait()
    if rc:
        raise SystemExit(f"bench: `{label}` failed with exit code {rc}")
    return time.perf_counter() - t0, lines


def measure(env: dict, task: str, **kw) -> dict:
    args = [PY, "-m", "bench.measure", task]
    for key, value in kw.items():
        args += [f"--{key}", str(value)]
    _, lines = run(args, env, label=" ".join(args[2:]))
    for line in lines:
        if line.startswith("BENCH_RESULT "):
            result = json.loads(line.removeprefix("BENCH_RESULT "))
            say(f"    → {json.dumps(result, ensure_ascii=False)[:400]}")
            return result
    raise SystemExit(f"bench: {task} printed no result")


def pg_throwaway(action: str, **kw) -> subprocess.CompletedProcess:
    bash = shutil.which("bash")
    if bash is None:
        raise SystemExit("bench: bash is needed for scripts/pg-throwaway.sh")
    return subprocess.run(  # noqa: S603 (our own script)
        [bash, "scripts/pg-throwaway.sh", action],
        cwd=ROOT,
        env={**os.environ, **PG_ENV},
        capture_output=True,
        text=True,
        check=False,
    )


def start_postgres() -> str:
    proc = pg_throwaway("start")
    match = re.search(r"^DATABASE_URL=(\S+)$", proc.stdout, re.M)
    if proc.returncode or not match:
        say(proc.stderr)
        raise SystemExit("bench: could not start the throwaway PostgreSQL server")
    return match.group(1)


def stop_postgres() -> None:
    pg_throwaway("stop")


def bench_db(db: str, url: str, files: dict[int, Path], sizes: list[int], repeat: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings.dev",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    res: dict = {"db": db, "load_before": os.getloadavg()}
    res["migrate_s"], _ = run(
        [PY, "manage.py", "migrate", "--no-input", "-v", "0"], env, label="manage.py migrate"
    )
    res["seed_s"], _ = run(
        [PY, "manage.py", "seed", "--preset", "province"],
        env,
        label="manage.py seed --preset province",
    )
    res["info"] = measure(env, "info")
    res["list"] = measure(env, "listing", repeat=repeat)
    for n in sizes:  # exports first: the imports below add rows
        res[f"export_{n}"] = measure(env, "export", n=n)
        res[f"bare_write_{n}"] = measure(env, "bare-write", n=n)
    for n in sizes:
        res[f"bare_read_{n}"] = measure(env, "bare-read", path=files[n])
        res[f"bare_load_{n}"] = measure(env, "bare-load", path=files[n])
        res[f"import_{n}"] = measure(env, "import-file", path=files[n])
    res["info_after"] = measure(env, "info")
    res["load_after"] = os.getloadavg()
    module_env = {**env, "JX_BENCH_DATABASE_URL": url}
    res["people"] = module_result(module_env, "bench.people_bench", "people (2M workers)")
    res["selection"] = module_result(module_env, "bench.selection_bench", "selection (10k × 5)")
    res["scope"] = module_result(module_env, "bench.scope_bench", "scoped lists by role level")
    res["rate"] = module_result(module_env, "bench.rate_bench", "creation-rate dashboard")
    res["http"] = module_result(module_env, "bench.http_bench", "HTTP load (waitress)")
    return res


def module_result(env: dict, module: str, label: str) -> dict:
    """A module's own benchmark (bench/people_bench.py, bench/selection_bench.py): its last
    line is BENCH_RESULT {json}."""
    _, lines = run([PY, "-m", module], env, label=label)
    for line in reversed(lines):
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    raise SystemExit(f"bench: {module} printed no result")


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(res: dict, sizes: list[int]) -> list[str]:
    """The figures of one database as a markdown table."""
    info, lst = res["info"], res["list"]
    big, small = max(sizes), min(sizes)
    lines = [
        f"### {info['vendor']} {info['version']}",
        "",
        f"Design load: {info['orgs']:,} orgs, {info['users']:,} users, "
        f"{info['roles']:,} role assignments, {info['search_documents']:,} search documents; "
        f"seeded in {res['seed_s']:.0f} s (migrate {res['migrate_s']:.0f} s). "
        f"Load average before/after: {res['load_before'][0]:.1f} / {res['load_after'][0]:.1f}.",
        "",
        "| measurement | figure | target | |",
        "|---|---|---|---|",
    ]
    p1, p1000 = lst["kind_page1_ms"], lst["kind_page1000_ms"]
    r = ratio(p1000, p1)
    lines.append(
        f"| (a) org list, kind=enterprise over the province ({lst['kind_rows']:,} rows), "
        f"selector: page 1 / page 1,000 | {p1:.1f} ms / {p1000:.1f} ms (×{r:.2f}) "
        f"| page 1,000 ≤ 2× page 1 | {verdict(r <= TARGETS['page1000_vs_page1'])} |"
    )
    v1, v1000 = lst["view_page1_ms"], lst["view_page1000_ms"]
    r = ratio(v1000, v1)
    lines.append(
        f"| (a) same, whole page (GET /orgs/?kind=enterprise, middleware + session + "
        f"template): page 1 / page 1,000 | {v1:.1f} ms / {v1000:.1f} ms (×{r:.2f}) "
        f"| ≤ 2× | {verdict(r <= TARGETS['page1000_vs_page1'])} |"
    )
    s1, s1000 = lst["search_page1_ms"], lst["search_page1000_ms"]
    r = ratio(s1000, s1)
    note = " (after ANALYZE, see note)" if lst.get("search_analyzed_first") else ""
    lines.append(
        f"| (a) org list, search q=有限公司 under the province, page 1 / page 1,000{note} "
        f"| {s1:.1f} ms / {s1000:.1f} ms (×{r:.2f}) | ≤ 2× "
        f"| {verdict(r <= TARGETS['page1000_vs_page1'])} |"
    )
    lines.append(
        f"| (a) org list, selective search q={lst['narrow_q']} ({lst['narrow_rows']:,} "
        f"matches), page 1 | {lst['narrow_page1_ms']:.1f} ms | | |"
    )
    if "search_all_page1_ms" in lst:  # the window of matches vs every match, same run
        lines.append(
            f"| (a) search q=有限公司, page 1 / page 1,000: window of matches after the cursor "
            f"({lst['search_queries_page1000']} queries; the window alone "
            f"{lst['search_window_ms']:.1f} ms) vs every match in the subquery "
            f"| {s1:.1f} / {s1000:.1f} ms vs {lst['search_all_page1_ms']:.1f} / "
            f"{lst['search_all_page1000_ms']:.1f} ms; selective {lst['narrow_page1_ms']:.1f} vs "
            f"{lst['narrow_all_page1_ms']:.1f} ms | in proportion to the page | |"
        )
    lines.append(
        f"| (a) walking 999 cursors (kind filter) | {lst['walk_999_pages_s']:.1f} s "
        f"({lst['walk_999_pages_s'] * 1000 / 999:.1f} ms/page) | | |"
    )
    lines.append(
        f"| (b) subtree of {lst['subtree_city']} ({lst['subtree_rows']:,} orgs): "
        f"count + first 100 | {lst['subtree_ms']:.1f} ms | | |"
    )
    lines.append(
        f"| (b) count of the whole province ({lst['province_count_rows']:,}) "
        f"| {lst['province_count_ms']:.1f} ms | | |"
    )
    for n in sizes:
        imp, read = res[f"import_{n}"], res[f"bare_read_{n}"]
        r = ratio(imp["wall_s"], read["wall_s"])
        rps = imp["rows_per_s"]
        rps_ok = rps >= TARGETS["import_rows_per_s"]
        lines.append(
            f"| (c) import {n:,} rows via import_run: total / bare calamine read "
            f"| {imp['wall_s']:.2f} s / {read['wall_s']:.2f} s (×{r:.1f}) "
            f"| ≤ 3× | {verdict(r <= TARGETS['import_vs_read'])} |"
        )
        target = "≥ 10,000 rows/s (PostgreSQL)" if info["vendor"] == "postgresql" else "—"
        lines.append(
            f"| (c) import {n:,}: rows per second (CPU {imp['cpu_s']:.1f} s) | {rps:,} "
            f"| {target} | {verdict(rps_ok) if info['vendor'] == 'postgresql' else ''} |"
        )
        ph = imp["phases_s"]
        lines.append(
            f"| (c) import {n:,}: phases | read {ph['read']:.2f} s, parse+other "
            f"{ph['parse+other']:.2f} s, prepare {ph['prepare']:.2f} s, check "
            f"{ph['check']:.2f} s, write {ph['write']:.2f} s | | |"
        )
        load = res[f"bare_load_{n}"]
        lines.append(
            f"| (c) import {n:,}: peak RSS, start → peak (growth); growth of calamine loading "
            f"the sheet and iterating it ({load['wall_s']:.2f} s); of the bare to_python read "
            f"| {imp['rss_start_mb']:.0f} → {imp['rss_peak_mb']:.0f} MB "
            f"(+{imp['peak_rss_mb']:.0f} MB); +{load['peak_rss_mb']:.0f} MB; "
            f"+{read['peak_rss_mb']:.0f} MB | | |"
        )
        lines.append(
            f"| (c) indexing the {imp['search_indexed']:,} imported orgs for search "
            f"(the worker does it right after the import) | {imp['search_index_after_s']:.1f} s | | |"
        )
    mem_small, mem_big = res[f"import_{small}"]["peak_rss_mb"], res[f"import_{big}"]["peak_rss_mb"]
    per_row = (mem_big - mem_small) * 1024 / (big - small) if big > small else 0
    lines.append(
        f"| (c) import peak RSS growth, {small:,} → {big:,} rows (calamine's loaded sheet "
        f"included) | +{mem_small:.0f} → +{mem_big:.0f} MB (≈ {per_row:.2f} KB a row) | | |"
    )
    load_small = res[f"bare_load_{small}"]["peak_rss_mb"]
    load_big = res[f"bare_load_{big}"]["peak_rss_mb"]
    own_small, own_big = mem_small - load_small, mem_big - load_big
    lines.append(
        f"| (c) import peak RSS growth beyond calamine's own (import − load), {small:,} → "
        f"{big:,} rows | {own_small:+.0f} → {own_big:+.0f} MB | flat "
        f"| {verdict(own_big <= max(2 * own_small, own_small + 20))} |"
    )
    for n in sizes:
        exp, bare = res[f"export_{n}"], res[f"bare_write_{n}"]
        r = ratio(exp["wall_s"], bare["wall_s"])
        lines.append(
            f"| (d) export {n:,} rows (org_export_rows → write_xlsx) / bare xlsxwriter "
            f"| {exp['wall_s']:.2f} s / {bare['wall_s']:.2f} s (×{r:.2f}), "
            f"{exp['rows_per_s']:,} rows/s | ≤ 1.5× | {verdict(r <= TARGETS['export_vs_write'])} |"
        )
        lines.append(
            f"| (d) export {n:,}: peak RSS, start → peak (growth); bare write growth "
            f"| {exp['rss_start_mb']:.0f} → {exp['rss_peak_mb']:.0f} MB "
            f"(+{exp['peak_rss_mb']:.0f} MB); +{bare['peak_rss_mb']:.0f} MB | | |"
        )
    m_small, m_big = res[f"export_{small}"]["peak_rss_mb"], res[f"export_{big}"]["peak_rss_mb"]
    lines.append(
        f"| (d) export peak RSS growth, {small:,} → {big:,} rows "
        f"| +{m_small:.0f} → +{m_big:.0f} MB "
        f"| flat | {verdict(m_big <= max(2 * m_small, m_small + 20))} |"
    )
    lines.append("")
    lines.append(f"Plan of the kind-filter page: `{' / '.join(lst['kind_plan'][:4])}`  ")
    lines.append(f"Plan of the search subquery: `{' / '.join(lst['search_plan'][:4])}`  ")
    if lst.get("search_window_plan"):
        lines.append(f"Plan of the search window: `{' / '.join(lst['search_window_plan'][:4])}`  ")
    for plan in lst.get("subtree_plans", []):
        lines.append(f"Plan of a subtree query: `{' / '.join(plan[:4])}`  ")
    if lst.get("search_analyzed_first"):
        lines.append(f"(after ANALYZE: `{' / '.join(lst['search_plan_after_analyze'][:4])}`)")
    lines.append("")
    lines += module_report(res.get("people"), res.get("selection"))
    lines += scope_report(res.get("scope"))
    lines += rate_report(res.get("rate"))
    lines += http_report(res.get("http"))
    return lines


def rate_report(rate: dict | None) -> list[str]:
    """The creation-rate dashboard (bench/rate_bench.py): the rollup's read vs the live count."""
    if not rate:
        return []
    lines = [
        "",
        f"Creation-rate rollup: rebuilt in {rate['rebuild_s']:.2f} s ({rate['cells']:,} cells).",
        "",
        "| creation rate | rollup read ms | live count ms | target ≤ 50 ms |",
        "|---|---|---|---|",
    ]
    for who in ("province", "county"):
        r = rate[who]
        lines.append(
            f"| {who} ({r['denominator']:,} counted) | {r['rollup_ms']:.1f} | {r['live_ms']:.0f} "
            f"| {verdict(r['rollup_ms'] <= 50)} |"
        )
    return lines


def scope_report(scope: dict | None) -> list[str]:
    """The scoped lists by role level (bench/scope_bench.py): page 1 and the far page."""
    if not scope:
        return []
    lines = [
        "",
        "| scoped list (50 a page) | page 1 ms | far page | far page ms | ratio | target ≤ 2× |",
        "|---|---|---|---|---|---|",
    ]
    for key, r in scope.items():
        lines.append(
            f"| {key} | {r['page1_ms']:.1f} | {r['far_page']:,} | {r['far_ms']:.1f} "
            f"| ×{r['ratio']:.2f} | {verdict(r['ratio'] <= 2)} |"
        )
    lines.append("")
    for key, r in scope.items():
        lines.append(f"Plan, {key}: `{r['plan'][:240]}`  ")
    return lines


def http_report(http: dict | None) -> list[str]:
    """The HTTP load test (bench/http_bench.py): each page against the trivial page."""
    if not http:
        return []
    lines = [
        "",
        "| HTTP (waitress, 8 clients) | req/s | p50 ms | p95 ms | vs trivial | target ≥ 150/s, p95 ≤ 100 ms |",
        "|---|---|---|---|---|---|",
    ]
    for key, r in http.items():
        ok = r["rps"] >= 150 and r["p95_ms"] <= 100
        lines.append(
            f"| {key} `{r['path']}` | {r['rps']:.0f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} "
            f"| {r['vs_trivial']:.2f} | {verdict(ok)} |"
        )
    return lines


def module_report(people: dict | None, selection: dict | None) -> list[str]:
    lines = []
    if people:
        r = ratio(people["list_page1000_ms"], people["list_page1_ms"])
        lines += [
            f"Workers ({people['workers']:,}):",
            "",
            "| measurement | figure | target | |",
            "|---|---|---|---|",
            f"| worker list, province admin, page 1 / page 1,000 (50 a page) | "
            f"{people['list_page1_ms']:.1f} / {people['list_page1000_ms']:.1f} ms (×{r:.2f}) "
            f"| ≤ 2× | {verdict(r <= 2)} |",
        ]
        if people.get("search_page1000_ms"):
            r = ratio(people["search_page1000_ms"], people["search_page1_ms"])
            lines.append(
                f"| worker search q=王, page 1 / page 1,000 (10 a page) | "
                f"{people['search_page1_ms']:.1f} / {people['search_page1000_ms']:.1f} ms "
                f"(×{r:.2f}) | ≤ 2× | {verdict(r <= 2)} |"
            )
        lines += [
            f"| exact lookup by ID number (blind index) | {people['lookup_queries']} query, "
            f"{people['lookup_ms']:.2f} ms; plan `{people['lookup_plan'][:120]}` | one indexed "
            f"query | {verdict(people['lookup_queries'] == 1)} |",
            f"| import {people['import_rows']:,} workers end to end | "
            f"{people['import_s']:.1f} s, {people['import_rows_per_s']:,} rows/s | ≥ 5,000 rows/s "
            f"| {verdict(people['import_rows_per_s'] >= 5000)} |",
            "",
        ]
    if selection:
        lines += [
            "Selection: " + json.dumps(selection, ensure_ascii=False),
            "",
        ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", default="10000,100000", help="import/export row counts")
    parser.add_argument("--repeat", type=int, default=21, help="timings per median")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    say(f"jiangxin bench — {info}")
    t_start = time.perf_counter()
    files: dict[int, Path] = {}
    env0 = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings.dev",
    }
    for n in sizes:
        files[n] = OUT / f"import-{n}.xlsx"
        measure(
            env0, "gen-import", n=n, path=files[n], offset=IMPORT_OFFSETS.get(n, 30_000_000 + n)
        )
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = {}
    md = [
        f"Run {info['date']} on {info['nproc']} × {info['cpu']}, {info['memory']} RAM, "
        f"Python {info['python']}, SQLite {info['sqlite']}, Linux {info['kernel']}.",
        "",
    ]
    for db in dbs:
        say(f"\n== {db} ==")
        if db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
            res = bench_db(db, f"sqlite:///{SQLITE_FILE}", files, sizes, args.repeat)
        else:
            url = start_postgres()
            try:
                res = bench_db(db, url, files, sizes, args.repeat)
            finally:
                stop_postgres()
        results[db] = res
        (OUT / f"results-{db}.json").write_text(
            json.dumps({"machine": info, **res}, ensure_ascii=False, indent=2)
        )
        md += report(res, sizes)
    md.append(f"Total bench time: {(time.perf_counter() - t_start) / 60:.1f} min.")
    (OUT / "results.md").write_text("\n".join(md) + "\n")
    say("\n" + "\n".join(md))
    say(f"\n(written to {OUT.relative_to(ROOT)}/results.md and results-<db>.json)")


if __name__ == "__main__":
    main()
