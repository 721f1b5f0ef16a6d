"""Scoring arithmetic: weighted totals, trimmed mean with ties, z-score normalisation,
first-place votes, declared tie-breaks, tiers."""

from datetime import UTC, datetime

import pytest

from jiangxin.selection.domain.scoring import (
    CriterionSpec,
    RankInput,
    aggregate,
    fill_tiers,
    first_place_votes,
    mean,
    population_sd,
    rank_entries,
    trimmed_mean,
    weighted_total,
    zscore_rescale,
)

CRITERIA = [CriterionSpec("a", 40, 100), CriterionSpec("b", 35, 100), CriterionSpec("c", 25, 50)]


def test_weighted_total_scales_each_criterion_to_its_weight():
    assert weighted_total({"a": 100, "b": 100, "c": 50}, CRITERIA) == 100
    assert weighted_total({"a": 50, "b": 80, "c": 10}, CRITERIA) == pytest.approx(20 + 28 + 5)
    assert weighted_total({"a": 50, "b": 80}, CRITERIA) is None  # incomplete


def test_trimmed_mean_drops_one_highest_and_one_lowest():
    assert trimmed_mean([70, 90, 80, 60, 100]) == 80
    assert trimmed_mean([80, 90]) == 85  # fewer than three: plain mean
    assert trimmed_mean([]) is None


def test_trimmed_mean_with_ties_drops_exactly_one_of_the_tied():
    # two 90s at the top: only one is dropped, the other counts
    assert trimmed_mean([90, 90, 70, 60]) == pytest.approx((70 + 90) / 2)
    # all equal: still three values in, one left after dropping one each side
    assert trimmed_mean([75, 75, 75]) == 75
    # ties at the bottom as well
    assert trimmed_mean([60, 60, 60, 90, 90]) == pytest.approx((60 + 60 + 90) / 3)


def test_zscore_rescale_puts_harsh_and_lenient_experts_on_one_scale():
    groups = {"harsh": {1: 50, 2: 60, 3: 70}, "lenient": {1: 80, 2: 90, 3: 100}}
    out = zscore_rescale(groups)
    # both experts rank the same way with the same spread: after standardising they agree
    for entry in (1, 2, 3):
        assert out["harsh"][entry] == pytest.approx(out["lenient"][entry])
    everything = [v for g in groups.values() for v in g.values()]
    assert mean([out["harsh"][e] for e in (1, 2, 3)]) == pytest.approx(mean(everything))


def test_zscore_rescale_explicit_target_and_degenerate_sd():
    out = zscore_rescale(
        {"p": {1: 10, 2: 20}, "q": {3: 55, 4: 55}, "r": {5: 40}}, target_mean=70, target_sd=10
    )
    assert out["p"] == {1: pytest.approx(60), 2: pytest.approx(80)}
    assert out["q"] == {3: 70, 4: 70}  # sd 0: everyone at the target mean
    assert out["r"] == {5: 70}  # a single score: sd 0 too
    flat = zscore_rescale({"p": {1: 5, 2: 5}})
    assert flat == {"p": {1: 5, 2: 5}}  # overall sd 0: the target sd is 0
    assert population_sd([]) == 0.0


def test_first_place_votes_count_ties_at_the_top():
    cards = [("x", 1, 90), ("x", 2, 80), ("y", 1, 70), ("y", 2, 70), ("z", 2, 99)]
    assert first_place_votes(cards) == {1: 2, 2: 2}


def test_rank_entries_applies_declared_tie_breaks_in_order():
    t = datetime(2022, 5, 1, tzinfo=UTC)
    rows = [
        RankInput(1, 80.0, max_score=90, first_places=1, submitted_at=t.replace(day=3)),
        RankInput(2, 80.0, max_score=95, first_places=0, submitted_at=t.replace(day=2)),
        RankInput(3, 80.0, max_score=95, first_places=2, submitted_at=t.replace(day=5)),
        RankInput(4, 85.0),
        RankInput(5, None),
    ]
    ranked = rank_entries(rows, ["max_score", "first_places", "earliest_submission"])
    assert [r.entry_id for r in ranked] == [4, 3, 2, 1, 5]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    assert not any(r.tied for r in ranked[:4])
    # declared in another order: earliest submission first
    assert [r.entry_id for r in rank_entries(rows, ["earliest_submission"])][:4] == [4, 2, 1, 3]


def test_rank_entries_flags_a_tie_no_rule_resolves():
    rows = [RankInput(2, 70.0, max_score=80), RankInput(1, 70.0, max_score=80)]
    ranked = rank_entries(rows, ["max_score"])
    assert [r.entry_id for r in ranked] == [1, 2]  # decided by id, deterministically …
    assert ranked[1].tied  # … and flagged for the staff


def test_rank_entries_unknown_tie_break_refused():
    with pytest.raises(ValueError, match="tie-break"):
        rank_entries([RankInput(1, 1.0)], ["coin_toss"])


def test_fill_tiers_in_order_with_quotas():
    ranked = rank_entries(
        [RankInput(i, float(100 - i)) for i in range(1, 8)] + [RankInput(9, None)]
    )
    tiers = fill_tiers(ranked, [("special", 1), ("first", 2), ("second", 0), ("third", 3)])
    assert [tiers[i] for i in range(1, 8)] == [
        "special",
        "first",
        "first",
        "third",
        "third",
        "third",
        None,
    ]
    assert tiers[9] is None  # unscored


def test_scores_stay_decimal_end_to_end():
    """A scorecard's total, the aggregate and the normalised scores are Decimal, never
    float (0.1 + 0.2 is 0.3 here)."""
    from decimal import Decimal as D

    total = weighted_total({"a": D("33.33"), "b": D("66.67"), "c": D("12.5")}, CRITERIA)
    assert isinstance(total, D) and total == D("13.3320") + D("23.3345") + D("6.2500")
    assert aggregate([D("0.1"), D("0.2")], "mean") == D("0.15")
    assert trimmed_mean([D("0.1"), D("0.2"), D("0.3"), D("0.4")]) == D("0.25")
    out = zscore_rescale({"x": {1: D("60"), 2: D("80")}, "y": {1: D("70"), 2: D("70")}})
    assert all(isinstance(v, D) for g in out.values() for v in g.values())
