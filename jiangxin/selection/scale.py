"""Large campaigns for measuring (the benchmark and the province preset): entries and
scorecards written in bulk, then results computed exactly as closing a review does.

`seed_province_selection` adds one campaign to the province preset (`seed --preset
province`): 10,000 of the province's achievements (the achievements preset seeds 300k)
nominated and passed, scored by 5 experts each."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from jiangxin.accounts.models import User

from .domain.scoring import CriterionSpec, weighted_total
from .enums import EntryStatus, ScorecardStatus, Stage, SubjectKind
from .models import AwardTier, Campaign, Criterion, Entry, Scorecard

CRITERIA = [("创新性", 30, 100), ("实用性", 30, 100), ("经济效益", 25, 100), ("推广价值", 15, 100)]
TIERS = [("特等奖", 1), ("一等奖", 5), ("二等奖", 10), ("三等奖", 30)]  # Shanghai's quotas
BATCH = 5000


def build_scale_campaign(
    *,
    org,
    enterprises: Sequence,
    entries: int = 10_000,
    experts: int = 5,
    subject_ids: Sequence[int] | None = None,
    seed: int = 10_000,
    timings: dict | None = None,
) -> Campaign:
    """A campaign in expert review with `entries` entries (round-robin over `enterprises`)
    and `experts` submitted scorecards each, written in bulk."""
    rng = random.Random(seed)
    timings = timings if timings is not None else {}
    t = time.perf_counter()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            org=org, title=f"规模评选 {entries}×{experts}", year=2024,
            subject_kind=SubjectKind.ACHIEVEMENT_AWARD, stage=Stage.EXPERT_REVIEW,
            experts_per_entry=experts,
        )  # fmt: skip
        crits = [
            Criterion.objects.create(
                campaign=campaign, code=f"c{i}", name=n, weight=w, max_score=m, position=i
            )
            for i, (n, w, m) in enumerate(CRITERIA, start=1)
        ]
        for pos, (name, quota) in enumerate(TIERS, start=1):
            AwardTier.objects.create(campaign=campaign, position=pos, name=name, quota=quota)
        password = make_password(None)
        users = User.objects.bulk_create(
            [
                User(username=f"scale_expert_{campaign.pk}_{i}", password=password)
                for i in range(experts)
            ]
        )
        now = timezone.now()
        ids = list(subject_ids) if subject_ids is not None else list(range(1, entries + 1))
        rows = [
            Entry(
                campaign=campaign,
                subject_kind=SubjectKind.ACHIEVEMENT_AWARD,
                subject_id=ids[i],
                title=f"成果{i + 1:05d}",
                display_name=f"成果{i + 1:05d}",
                org=enterprises[i % len(enterprises)],
                current_org=org,
                status=EntryStatus.CHECK_PASSED,
                nominated_at=now - timezone.timedelta(seconds=i),
            )  # fmt: skip
            for i in range(entries)
        ]
        made = Entry.objects.bulk_create(rows, batch_size=BATCH)
    timings["entries inserted"] = time.perf_counter() - t
    t = time.perf_counter()
    specs = [CriterionSpec(c.code, c.weight, c.max_score) for c in crits]
    q = Decimal("0.001")
    with transaction.atomic():
        cards = []
        for e in made:
            base = rng.gauss(72, 9)
            for u in users:
                lean = rng.gauss(0, 4)
                scores = {
                    s.code: max(0, min(100, round(base + lean + rng.gauss(0, 5)))) for s in specs
                }
                cards.append(
                    Scorecard(
                        campaign=campaign,
                        entry=e,
                        expert=u,
                        scores=scores,
                        total=Decimal(str(weighted_total(scores, specs))).quantize(q),
                        version=2,
                        status=ScorecardStatus.SUBMITTED,
                        submitted_at=now,
                    )  # fmt: skip
                )
                if len(cards) >= BATCH:
                    Scorecard.objects.bulk_create(cards)
                    cards = []
        Scorecard.objects.bulk_create(cards)
    timings["scorecards inserted"] = time.perf_counter() - t
    return campaign


def score_and_rank(campaign: Campaign, timings: dict | None = None) -> int:
    """Aggregate, normalise, rank and fill the tiers; save (what closing the review does,
    without the permission check)."""
    from .services.results import compute_results, save_results

    timings = timings if timings is not None else {}
    t = time.perf_counter()
    ranked = compute_results(campaign)
    timings["results computed"] = time.perf_counter() - t
    t = time.perf_counter()
    with transaction.atomic():
        save_results(ranked)
        Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.RANKING)
    timings["results saved"] = time.perf_counter() - t
    return len(ranked)


def seed_province_selection(stdout=None, *, entries: int = 10_000, experts: int = 5) -> dict:
    """One large campaign at the province preset's root over its achievements."""
    from jiangxin.core.seeding import ROOT_NAME
    from jiangxin.orgs.models import Org

    root = Org.objects.filter(depth=1, name=ROOT_NAME).first()
    if root is None:
        return {"entries": 0}
    from .models import Campaign

    if Campaign.objects.filter(org=root, title__startswith="规模评选").exists():
        if stdout is not None:
            stdout.write("  selection: the province campaign exists; nothing to do\n")
        return {"entries": 0}
    from jiangxin.achievements.models import Achievement

    subject_ids = list(
        Achievement.objects.filter(enterprise__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", flat=True)[:entries]
    )
    entries = len(subject_ids) or entries
    subject_ids = subject_ids or None
    enterprises = list(Org.objects.filter(path__startswith=root.path, kind="enterprise")[:5000])
    timings: dict = {}
    campaign = build_scale_campaign(
        org=root,
        enterprises=enterprises,
        entries=entries,
        experts=experts,
        subject_ids=subject_ids,
        timings=timings,
    )
    n = score_and_rank(campaign, timings)
    if stdout is not None:
        for k, v in timings.items():
            stdout.write(f"  selection: {k}: {v:.2f} s\n")
    return {"entries": n, **timings}
