"""Selection at scale: 10,000 entries scored by 5 experts each (50,000 scorecards
inserted in bulk), then aggregation, ranking and award tiers computed and saved.

    .venv/bin/python -m bench.selection_bench [--entries 10000] [--experts 5]

Runs on a throw-away SQLite file under var/ (or on JX_BENCH_DATABASE_URL when set, e.g. a
PostgreSQL scratch database). From bench/__main__.py, as a step like the others:
`run([PY, "-m", "bench.selection_bench"], env, label="selection")` — the last line is
`BENCH_RESULT {json}`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def run(entries: int = 10_000, experts: int = 5) -> dict:
    from django.db import connection

    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.selection.models import Entry, Scorecard
    from jiangxin.selection.scale import build_scale_campaign, score_and_rank
    from jiangxin.testing.factories import make_uscc

    t = time.perf_counter()
    root = Org.objects.add_root(
        instance=Org(
            name="基准市总工会 (selection bench)", kind=OrgKind.MUNICIPAL, region_code="370200"
        )
    )
    enterprises = [
        Org.objects.add_child(
            Org.objects.get(pk=root.pk),
            instance=Org(
                name=f"基准企业{i}",
                kind=OrgKind.ENTERPRISE,
                region_code="370202",
                uscc=make_uscc("370202", 9000 + i),
            ),
        )  # fmt: skip
        for i in range(50)
    ]
    timings: dict = {"orgs": time.perf_counter() - t}
    campaign = build_scale_campaign(
        org=root, enterprises=enterprises, entries=entries, experts=experts, timings=timings
    )
    n = score_and_rank(campaign, timings)
    awarded = Entry.objects.filter(campaign=campaign, tier__isnull=False).count()
    return {
        "vendor": connection.vendor,
        "entries": n,
        "scorecards": Scorecard.objects.filter(campaign=campaign).count(),
        "awarded": awarded,
        "timings": timings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--experts", type=int, default=5)
    args = parser.parse_args(argv)
    url = os.environ.get("JX_BENCH_DATABASE_URL")
    tmp = None
    if not url:
        base = Path(__file__).resolve().parent.parent / "var"
        base.mkdir(exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="selection-bench-", suffix=".sqlite3", dir=base)
        os.close(fd)
        tmp = Path(name)
        url = f"sqlite:///{tmp}"
    try:
        _setup(url)
        result = run(args.entries, args.experts)
    finally:
        if tmp is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(tmp) + suffix).unlink(missing_ok=True)
    print(
        f"selection bench on {result['vendor']} ({platform.machine()}, Python {platform.python_version()})"
    )
    print(
        f"  {result['entries']:,} entries, {result['scorecards']:,} scorecards, {result['awarded']} awarded"
    )
    total = 0.0
    for name, seconds in result["timings"].items():
        total += seconds
        print(f"  {name:<22} {seconds:8.2f} s")
    print(f"  {'total':<22} {total:8.2f} s")
    summary = {k: v for k, v in result.items() if k != "timings"}
    summary["seconds"] = {k: round(v, 3) for k, v in result["timings"].items()}
    print("BENCH_RESULT " + json.dumps(summary, ensure_ascii=False))  # for bench/__main__.py
    return 0


if __name__ == "__main__":
    sys.exit(main())
