"""Scoped lists for every role level: does a page cost what a page costs, whoever asks?

    DATABASE_URL=… .venv/bin/python -m bench.scope_bench [--repeat 7]

On a database the province preset was seeded into (`manage.py seed --preset province`),
for a user at each level — the province's staff, a city's staff, a county's staff
(`bench_c01d1_staff`) and the admin of the enterprise with the most workers — the list
selectors of workers, studios, achievements and the entries of the selection campaign:
page 1 and the far page (page 1,000, or the last page when the scope has fewer), each
the median of `--repeat` runs after the cursors were walked, and the plan of the page's
main query. ANALYZE runs first (the seed's bulk inserts leave no statistics). Nothing is
asserted; the last line is `BENCH_RESULT {json}`."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False


def _users() -> dict:
    from django.db.models import Count

    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.core.roles import Role
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.people.models import Worker

    city = (
        RoleAssignment.objects.filter(org__kind=OrgKind.MUNICIPAL, role=Role.FEDERATION_STAFF)
        .order_by("id")
        .first()
    )
    top = (
        Worker.objects.unscoped("bench")
        .values("employer_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    ent = (
        RoleAssignment.objects.filter(org_id=top["employer_id"], role=Role.ENTERPRISE_ADMIN)
        .order_by("id")
        .first()
    )
    return {
        "province": User.objects.get(username="bench_province_staff"),
        "city": city.user if city else None,
        "county": User.objects.filter(username="bench_c01d1_staff").first(),
        "enterprise": ent.user if ent else None,
    }


def _lists():
    from jiangxin.achievements.selectors import achievement_list
    from jiangxin.people.selectors import worker_list
    from jiangxin.selection.models import Campaign
    from jiangxin.selection.selectors import entry_list, results_page
    from jiangxin.studios.selectors import studio_list

    campaign = Campaign.objects.unscoped("bench").order_by("-id").first()
    out = {
        "workers": worker_list,
        "studios": studio_list,
        "achievements": achievement_list,
    }
    if campaign is not None:
        out["selection entries"] = lambda user, **kw: entry_list(user, campaign, **kw)
        # the ranked results: the campaign's organiser reads them, whoever else asks
        out["selection results"] = lambda user, **kw: results_page(campaign, **kw)
    return out


def _plan(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " / ".join(str(r[-1]) for r in cur.fetchall())
        cur.execute("EXPLAIN " + sql, params)
        return " / ".join(r[0].strip() for r in cur.fetchall()[:6])


def _page(fn, user, cursor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = fn(user, cursor=cursor, size=50)
    main = max(ctx.captured_queries, key=lambda q: float(q["time"]))["sql"]
    return page, main


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run(repeat: int = 7, far: int = 1000) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    results = {}
    for level, user in _users().items():
        if user is None:
            continue
        for name, fn in _lists().items():
            cursors, cursor, pages = [None], None, 1
            while pages < far:
                page = fn(user, cursor=cursor, size=50)
                if not page.next_cursor:
                    break
                cursor = page.next_cursor
                cursors.append(cursor)
                pages += 1
            first = _median_ms(lambda f=fn, u=user: f(u, cursor=None, size=50), repeat)
            last = _median_ms(lambda f=fn, u=user, c=cursors[-1]: f(u, cursor=c, size=50), repeat)
            _page_obj, sql = _page(fn, user, cursors[-1])
            results[f"{level}:{name}"] = {
                "page1_ms": first,
                "far_page": len(cursors),
                "far_ms": last,
                "ratio": last / first if first else 0,
                "plan": _plan(sql, None),
            }
            r = results[f"{level}:{name}"]
            print(
                f"{level:<11} {name:<18} page 1 {first:7.2f} ms   page {r['far_page']:>5,} "
                f"{last:7.2f} ms  (×{r['ratio']:.2f})",
                flush=True,
            )
            print(f"    plan: {r['plan'][:300]}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--far", type=int, default=1000)
    args = parser.parse_args()
    _setup()
    results = run(repeat=args.repeat, far=args.far)
    print("BENCH_RESULT " + json.dumps(results), flush=True)


if __name__ == "__main__":
    sys.exit(main())
