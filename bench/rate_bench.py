"""The creation-rate dashboard on a seeded province (issue 11 item 2): the rollup's
rebuild, and the page's read of it — province and a county — against the live count the
page used to run on every view (the rule itself, `qualified_workers`, grouped by child).

    DATABASE_URL=… .venv/bin/python -m bench.rate_bench [--repeat 21]

Nothing is asserted; the last line is `BENCH_RESULT {json}`."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run(repeat: int) -> dict:
    from django.db.models import Count, Q
    from django.db.models.functions import Substr

    from jiangxin.accounts.models import User
    from jiangxin.core.rollups import rollup_rebuild
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.paths import child_path_length
    from jiangxin.studios.creation_rate import ROLLUP, creation_rate, qualified_workers

    staff = User.objects.get(username="bench_province_staff")
    county_staff = User.objects.get(username="bench_c01d1_staff")
    t = time.perf_counter()
    state = rollup_rebuild(ROLLUP)
    rebuild_s = time.perf_counter() - t
    out = {"rebuild_s": rebuild_s, "cells": state.rows}
    for who, user in (("province", staff), ("county", county_staff)):
        org = Org.objects.get(pk=user.role_assignments.first().org_id)

        def live(org=org):
            width = child_path_length(org.path)
            return list(
                qualified_workers(org)
                .annotate(prefix=Substr("employer__path", 1, width))
                .values("prefix")
                .annotate(total=Count("pk"), leading=Count("pk", filter=Q(leads=True)))
            )

        rate = creation_rate(user, org)
        out[who] = {
            "rollup_ms": _median_ms(lambda u=user, o=org: creation_rate(u, o), repeat),
            "live_ms": _median_ms(live, max(3, repeat // 7)),
            "denominator": rate.denominator,
            "numerator": rate.numerator,
            "children": len(rate.children),
        }
        check = sum(g["total"] for g in live())
        out[who]["live_denominator"] = check
        print(
            f"{who:<9} rollup read {out[who]['rollup_ms']:7.2f} ms   live count "
            f"{out[who]['live_ms']:8.1f} ms   (denominator {rate.denominator:,} = live {check:,})",
            flush=True,
        )
    print(f"rebuild {rebuild_s:.2f} s, {state.rows:,} cells", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    print("BENCH_RESULT " + json.dumps(run(args.repeat)), flush=True)


if __name__ == "__main__":
    main()
