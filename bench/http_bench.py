"""HTTP throughput: the site served as in production (`manage.py jx_serve`, waitress, on
127.0.0.1 only) under a bounded load — list, detail and dashboard pages for a county user
and for the province admin, each against a trivial logged-in page served the same way.

`python -m bench.http_bench` with DATABASE_URL naming a database the province preset was
seeded into (`make bench` runs it after its other phases). For each page: `--clients`
keep-alive connections in `--procs` load processes send requests back to back for
`--seconds`; requests per second, median and p95 latency. The load generator shares the 2
cores with the server, so the figures are a floor; the ratio to the trivial page is the
fairer number. Nothing is asserted. Stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Jiangxin-2026"
USERS = {
    "county": "bench_c01d1_staff",
    "province": "bench_province_staff",
}  # staff: no second factor
TARGET_RPS, TARGET_P95_MS = 150, 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cookies(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def login(port: int, username: str) -> str:
    """Log in through the login form; returns the Cookie header of the session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    body = response.read().decode()
    jar = _cookies(response.getheaders())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    conn.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    jar.update(_cookies(response.getheaders()))
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"login as {username} failed: {response.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _load(port: int, path: str, cookie: str, clients: int, seconds: float, out) -> None:
    """One load process: `clients` threads, each a keep-alive connection."""
    import threading

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    end = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            bad += response.status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, errors[0]))


def measure(port: int, path: str, cookie: str, *, clients: int, procs: int, seconds: float):
    out = multiprocessing.Queue()
    each = max(1, clients // procs)
    workers = [
        multiprocessing.Process(target=_load, args=(port, path, cookie, each, seconds, out))
        for _ in range(procs)
    ]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    results = [out.get(timeout=seconds + 120) for _ in workers]
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    n = len(latencies)
    return {
        "requests": n,
        "errors": errors,
        "rps": n / wall,
        "p50_ms": statistics.median(latencies) * 1000 if n else 0,
        "p95_ms": latencies[int(n * 0.95) - 1] * 1000 if n else 0,
    }


def _check(port: int, path: str, cookie: str) -> None:
    """A page measured must answer 200 (not a redirect to a login step or an error)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}, not 200")


def _sample_ids(env: dict) -> dict:
    """A worker each user sees (for the detail page), looked up once."""
    code = (
        "import django, json; django.setup()\n"
        "from jiangxin.accounts.models import User\n"
        "from jiangxin.people.models import Worker\n"
        "out = {}\n"
        f"for key, name in {USERS!r}.items():\n"
        "    ra = User.objects.get(username=name).role_assignments.select_related('org').first()\n"
        "    w = Worker.objects.filter(employer__path__startswith=ra.org.path).order_by('id').first()\n"
        "    out[key] = w.pk if w else None\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(  # noqa: S603 (our interpreter)
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--threads", type=int, default=4, help="waitress threads per process")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="server processes"
    )
    args = parser.parse_args(argv)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.serve_settings",
        "PYTHONPATH": str(ROOT),
    }
    # DEBUG is off: static files are served from the collected, hashed copies.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "jx_serve",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
            "--processes",
            str(args.processes),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results: dict = {}
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        ids = _sample_ids(env)
        for who, username in USERS.items():
            cookie = login(port, username)
            pages = {
                "trivial": "/accounts/password/",
                "list": "/people/",
                "detail": f"/people/{ids[who]}/",
                "dashboard": "/studios/creation-rate/",
            }
            for page, path in pages.items():
                _check(port, path, cookie)
                kw = {"clients": args.clients, "procs": args.procs, "seconds": args.seconds}
                measure(port, path, cookie, **{**kw, "seconds": 1})  # warm-up
                results[f"{who}:{page}"] = {"path": path, **measure(port, path, cookie, **kw)}
        for key, r in results.items():
            who = key.split(":")[0]
            base = results[f"{who}:trivial"]["rps"]
            r["vs_trivial"] = r["rps"] / base if base else 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"HTTP (waitress {args.processes} processes × {args.threads} threads, "
        f"{args.clients} clients, {args.seconds:g} s each)"
    )
    print(f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs trivial':>10}  target")
    for key, r in results.items():
        ok = r["rps"] >= TARGET_RPS and r["p95_ms"] <= TARGET_P95_MS
        print(
            f"{key:<20} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['vs_trivial']:>10.2f}  {'met' if ok else 'MISSED'}"
            + (f" ({r['errors']} non-200)" if r["errors"] else "")
        )
    print("BENCH_RESULT " + json.dumps(results), flush=True)
    return results


if __name__ == "__main__":
    main()
