"""Scoring end to end, through the services and the database: several experts who
disagree, the trimmed mean, z-scores across panels, ranks and the tiers they give, with
the exact stored numbers (Decimals, three places)."""

from decimal import Decimal

import pytest

from jiangxin.selection import services
from jiangxin.selection.enums import Normalisation
from jiangxin.selection.models import Entry, Scorecard
from jiangxin.testing.people import make_worker

from .factories import make_campaign, make_expert, nominate_up, score_all, to_review

pytestmark = pytest.mark.django_db
ONE = [services.CriterionIn(name="综合评价", weight=100, max_score=100)]  # total = the score
TIERS = [services.TierIn("一等奖", 1), services.TierIn("二等奖", 2), services.TierIn("三等奖", 2)]


def _results(campaign):
    return {
        e.title: (e.rank, e.score, e.max_score, e.first_places, e.n_scores, e.tier.name if e.tier else None)
        for e in Entry.objects.filter(campaign=campaign).select_related("tier")
    }  # fmt: skip


def test_scoring_trimmed_mean_of_five_disagreeing_experts(world):
    campaign = make_campaign(
        world, criteria=ONE, tiers=TIERS[:2], experts_per_entry=5, tie_breaks=["max_score"]
    )
    entries, experts = to_review(world, campaign, n=4, experts=5)
    assert Scorecard.objects.filter(campaign=campaign).count() == 20
    given = {  # entry → the five experts' scores
        0: [90, 85, 70, 95, 88],  # trimmed: (85 + 88 + 90) / 3 = 87.667
        1: [80, 92, 86, 84, 60],  # (80 + 84 + 86) / 3 = 83.333
        2: [75, 75, 99, 70, 76],  # (75 + 75 + 76) / 3 = 75.333
        3: [88, 90, 40, 86, 85],  # (85 + 86 + 88) / 3 = 86.333 (its mean, 77.8, would be last but one)
    }  # fmt: skip
    score_all(campaign, {(e, x): [s] for e, row in given.items() for x, s in enumerate(row)})
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    titles = [e.title for e in entries]
    got = _results(campaign)
    d = Decimal
    assert got[titles[0]] == (1, d("87.667"), d("95.000"), 3, 5, "一等奖")
    assert got[titles[3]] == (2, d("86.333"), d("90.000"), 0, 5, "二等奖")
    assert got[titles[1]] == (3, d("83.333"), d("92.000"), 1, 5, "二等奖")
    assert got[titles[2]] == (4, d("75.333"), d("99.000"), 1, 5, None)


def test_scoring_z_scores_across_panels_put_the_harsh_panels_best_first(world):
    """Two panels by field: the welders' panel scores low, the fitters' high. Each panel's
    trimmed means are standardised and put back on the scale of all of them (mean 76.833,
    sd 11.290), so the best welder comes first although his raw 72 is lower than every
    fitter's score."""
    campaign = make_campaign(
        world,
        criteria=ONE,
        tiers=TIERS,
        experts_per_entry=3,
        normalisation=Normalisation.PANEL,
        tie_breaks=["max_score"],
    )
    workers = [
        make_worker(world.ent_a if i % 2 else world.ent_b, 200 + i, name=name, occupation=job)
        for i, (name, job) in enumerate(
            [("焊一", "焊工"), ("焊二", "焊工"), ("焊三", "焊工"),
             ("钳一", "钳工"), ("钳二", "钳工"), ("钳三", "钳工")]
        )
    ]  # fmt: skip
    entries = nominate_up(world, campaign, workers)
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    for e in entries:
        services.entry_formal_check(actor=world.city_staff, entry=e, passed=True)
    services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    experts = [make_expert(f"zx{i}", world.province, home=world.other_city) for i in range(6)]
    for name, field, members in (("焊接组", "焊工", experts[:3]), ("钳工组", "钳工", experts[3:])):
        services.panel_create(
            actor=world.city_staff,
            campaign=campaign,
            name=name,
            field=field,
            expert_ids=[u.pk for u in members],
        )
    services.experts_assign(actor=world.city_staff, campaign=campaign)
    by_title = {e.title: e for e in entries}
    table = {
        "焊一": [70, 72, 74], "焊二": [60, 62, 64], "焊三": [64, 65, 69],  # 72, 62, 65
        "钳一": [90, 92, 94], "钳二": [80, 82, 84], "钳三": [86, 88, 95],  # 92, 82, 88
    }  # fmt: skip
    for title, scores in table.items():
        cards = Scorecard.objects.filter(entry=by_title[title]).select_related("expert")
        cards = sorted(cards, key=lambda c: c.expert_id)
        assert len(cards) == 3
        panel = experts[:3] if title.startswith("焊") else experts[3:]
        assert {c.expert_id for c in cards} == {u.pk for u in panel}
        for card, score in zip(cards, scores, strict=True):
            card = services.scorecard_save(
                actor=card.expert, scorecard=card, version=card.version, scores={"c1": score}
            )
            services.scorecard_submit(actor=card.expert, scorecard=card, version=card.version)
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    got = {t: (r, s, tier) for t, (r, s, _m, _f, _n, tier) in _results(campaign).items()}
    d = Decimal
    assert got == {
        "焊一": (1, d("92.103"), "一等奖"),
        "钳一": (2, d("89.654"), "二等奖"),
        "钳三": (3, d("78.665"), "二等奖"),
        "焊三": (4, d("73.240"), "三等奖"),
        "焊二": (5, d("65.157"), "三等奖"),
        "钳二": (6, d("62.181"), None),
    }
