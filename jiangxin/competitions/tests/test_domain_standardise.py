"""The 700 scale: a hand-worked track, the declared fallback, the stored record, and the
properties (median → 700, monotone, clamped, reproducible, shift-invariant)."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiangxin.competitions.domain.standardise import (
    FORMULA_VERSION,
    Estimator,
    FallbackReason,
    StandardParams,
    rescore,
    standardise,
)


def test_hand_worked_track():
    # median 75; |deviations| 15, 5, 0, 5, 15 → MAD 5; unit 1.4826 × 5 = 7.413
    s = standardise({"a": 60, "b": 70, "c": 75, "d": 80, "e": 90})
    assert s.stats.median == 75 and s.stats.mad == 5 and s.stats.unit == D("7.413")
    assert s.stats.estimator == Estimator.MAD
    # 700 + 30 × (−15)/7.413 = 639.295…; −5 → 679.765…; +5 → 720.234…; +15 → 760.704…
    assert dict(s.scores) == {"a": 639, "b": 680, "c": 700, "d": 720, "e": 761}
    assert s.formula_version == FORMULA_VERSION


def test_explain_gives_the_score_card_figures():
    s = standardise({"a": D("60.5"), "b": 70, "c": 75, "d": 80, "e": 90, "f": D("99.25")})
    e = s.explain("a")
    # median (75 + 80) / 2; |deviations| sorted 2.5 2.5 7.5 12.5 17 21.75 → MAD 10
    assert (e.raw, e.entrants, e.median, e.mad) == (D("60.5"), 6, D("77.5"), D(10))
    assert e.estimator == Estimator.MAD and e.fallback_reason == FallbackReason.NONE
    assert e.unit == D("14.826")
    assert e.unrounded == D("665.6010")  # 700 − 30 × 17 / 14.826 = 665.6009…
    assert e.score == 666 and not e.clamped
    assert e.stored()["formula_version"] == FORMULA_VERSION
    assert e.stored()["median"] == "77.5" and e.stored()["unit"] == "14.82600"
    assert rescore(D("60.5"), e.stored()) == 666


def test_round_half_up_at_exactly_half():
    # median 50, MAD 10 → unit 14.826; points chosen so that the value lands on .5 exactly
    raws = {1: 40, 2: 45, 3: 50, 4: 60, 5: 70}
    s = standardise(raws, points_per_unit=D("0.7413"))  # ±0.5 per 10 raw marks
    assert s.explain(4).unrounded == D("700.5")
    assert s.scores[4] == 701  # half up (half-even would give 700)
    s2 = standardise(raws, points_per_unit=D("2.2239"))  # ±1.5 per 10 raw marks
    assert s2.explain(1).unrounded == D("698.5") and s2.scores[1] == 699  # half-even: 698


def test_clamp_to_0_and_1000():
    raws = dict.fromkeys(range(5), 50) | {5: 49, 6: 51, 7: 100, 8: 0}
    s = standardise(raws)  # median 50, MAD 0 → fixed fallback: 6 points per raw mark
    assert s.stats.fallback_reason == FallbackReason.MAD_ZERO
    assert s.scores[7] == 1000 and not s.explain(7).clamped  # 700 + 300 = 1000 exactly
    assert s.scores[8] == 400
    t = standardise({1: 0, 2: 49, 3: 50, 4: 51, 5: 100})  # MAD 1 → unit 1.4826: ±1011.7
    assert t.scores[1] == 0 and t.explain(1).clamped
    assert t.scores[5] == 1000 and t.explain(5).clamped
    assert not t.explain(3).clamped


def test_fallback_for_a_small_track_is_declared():
    s = standardise({"a": 70, "b": 80, "c": 90})
    assert s.stats.estimator == Estimator.FIXED
    assert s.stats.fallback_reason == FallbackReason.FEW_ENTRANTS
    assert s.stats.unit == 5  # 30 points per 5 raw marks
    assert dict(s.scores) == {"a": 640, "b": 700, "c": 760}
    sd = standardise({"a": 70, "b": 80, "c": 90}, fallback="sd")
    assert sd.stats.estimator == Estimator.SD
    # population sd = √(200/3) = 8.164…; 700 ± 30 × 10 / 8.164… = 700 ± 36.74
    assert dict(sd.scores) == {"a": 663, "b": 700, "c": 737}
    one = standardise({"a": 55}, fallback="sd")  # sd 0 too: the fixed unit
    assert one.stats.estimator == Estimator.FIXED and one.scores == {"a": 700}
    tuned = standardise({"a": 70, "b": 80, "c": 90}, fallback_unit=10)
    assert dict(tuned.scores) == {"a": 670, "b": 700, "c": 730}
    assert standardise({"a": 70, "b": 80, "c": 90}, min_entrants=3).stats.estimator == Estimator.MAD


def test_empty_track_and_bad_parameters():
    s = standardise({})
    assert s.scores == {} and s.stats.entrants == 0
    with pytest.raises(TypeError):
        standardise({1: 1}, centre_point=500)
    for bad in ({"points_per_unit": 0}, {"floor": 800}, {"fallback": "mad"}, {"min_entrants": 0}):
        with pytest.raises(ValueError):
            standardise({1: 1}, **bad)
    with pytest.raises(ValueError):
        standardise({1: float("nan")})
    with pytest.raises(ValueError):
        standardise({1: 1.5})  # a float never enters the arithmetic
    with pytest.raises(ValueError):
        standardise({1: D("NaN")})


def test_rescore_refuses_another_formula_version():
    e = standardise({i: i for i in range(9)}).explain(3)
    record = dict(e.stored(), formula_version="ws500-sd-v0")
    with pytest.raises(ValueError):
        rescore(3, record)


def test_parameters_record_every_default():
    p = StandardParams.of().as_dict()
    assert p == {
        "centre": "700",
        "points_per_unit": "30",
        "mad_factor": "1.4826",
        "min_entrants": 5,
        "floor": "0",
        "ceiling": "1000",
        "fallback": "fixed",
        "fallback_unit": "5",
    }


# ---------------------------------------------------------------------------- properties

marks = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
tracks = st.lists(marks, min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(raws=tracks.filter(lambda r: len(r) % 2 == 1))
def test_property_median_maps_to_700_for_odd_counts(raws):
    s = standardise(dict(enumerate(raws)))
    median = sorted(raws)[len(raws) // 2]
    for k, v in enumerate(raws):
        if v == median:
            assert s.scores[k] == 700


@settings(max_examples=300, deadline=None)
@given(raws=tracks, fallback=st.sampled_from(["fixed", "sd"]))
def test_property_monotone_and_clamped(raws, fallback):
    s = standardise(dict(enumerate(raws)), fallback=fallback)
    pairs = sorted((v, s.scores[k]) for k, v in enumerate(raws))
    for (_r1, s1), (_r2, s2) in zip(pairs, pairs[1:], strict=False):
        assert s1 <= s2
    assert all(0 <= x <= 1000 for x in s.scores.values())


@settings(max_examples=200, deadline=None)
@given(raws=tracks, fallback=st.sampled_from(["fixed", "sd"]))
def test_property_stored_parameters_reproduce_every_score(raws, fallback):
    s = standardise(dict(enumerate(raws)), fallback=fallback)
    for k, v in enumerate(raws):
        assert rescore(v, s.explain(k).stored()) == s.scores[k]


@settings(max_examples=200, deadline=None)
@given(
    raws=tracks,
    shift=st.decimals(min_value=-50, max_value=50, places=2),
    fallback=st.sampled_from(["fixed", "sd"]),
)
def test_property_invariant_to_adding_a_constant(raws, shift, fallback):
    base = standardise(dict(enumerate(raws)), fallback=fallback)
    moved = standardise({k: v + shift for k, v in enumerate(raws)}, fallback=fallback)
    assert moved.scores == base.scores
