"""The quota cascade: largest remainder (Hamilton), deterministic ties, properties."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiangxin.selection.domain.quota import exact_shares, quota_cascade


def test_quota_cascade_remainders_go_to_the_largest_fractions():
    # 10 places for weights 5, 3, 2, 1 (sum 11): exact 4.545, 2.727, 1.818, 0.909
    # floors 4, 2, 1, 0 = 7; the 3 left go to .909, .818, .727 (not to .545)
    assert quota_cascade(10, {1: 5, 2: 3, 3: 2, 4: 1}) == {1: 4, 2: 3, 3: 2, 4: 1}


def test_quota_cascade_exact_division_has_no_remainder():
    assert quota_cascade(12, {1: 6, 2: 4, 3: 2}) == {1: 6, 2: 4, 3: 2}


def test_quota_cascade_tie_goes_to_the_earlier_path():
    # 1 place, three equal weights: remainders tie at 1/3; the path decides, not the id
    paths = {7: "000100020003", 8: "000100020001", 9: "000100020002"}
    assert quota_cascade(1, {7: 1, 8: 1, 9: 1}, paths=paths) == {7: 0, 8: 1, 9: 0}
    # without paths: the smaller id
    assert quota_cascade(2, {7: 1, 8: 1, 9: 1}) == {7: 1, 8: 1, 9: 0}


def test_quota_cascade_minimum_first_then_proportion():
    # 3 each first (9), then 11 by weights 8, 2, 0: exact 8.8, 2.2, 0 → 9, 2, 0
    assert quota_cascade(20, {1: 8, 2: 2, 3: 0}, minimum=3) == {1: 12, 2: 5, 3: 3}


def test_quota_cascade_all_zero_weights_share_equally():
    assert quota_cascade(5, {1: 0, 2: 0}) == {1: 3, 2: 2}


@pytest.mark.parametrize(
    ("total", "weights", "kwargs", "fragment"),
    [
        (-1, {1: 1}, {}, "total"),
        (5, {1: -2}, {}, "weights"),
        (5, {1: 1, 2: 1}, {"minimum": 3}, "minimum of 3"),
        (5, {1: 1}, {"method": "dhondt"}, "unknown quota method"),
        (3, {}, {}, "no organisation"),
    ],
)
def test_quota_cascade_bad_input_says_why(total, weights, kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        quota_cascade(total, weights, **kwargs)


def test_quota_cascade_is_not_house_monotone_alabama_paradox():
    """Known property of Hamilton: one more place in total can cost an org a place."""
    assert quota_cascade(10, {1: 6, 2: 6, 3: 2}) == {1: 4, 2: 4, 3: 2}
    assert quota_cascade(11, {1: 6, 2: 6, 3: 2}) == {1: 5, 2: 5, 3: 1}


weights_st = st.dictionaries(
    st.integers(1, 10_000), st.integers(0, 100_000), min_size=1, max_size=40
)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(0, 5_000), weights=weights_st)
def test_quota_cascade_properties(total, weights):
    shares = quota_cascade(total, weights)
    assert set(shares) == set(weights)
    assert sum(shares.values()) == total  # sums to the total
    exact = exact_shares(total, weights)
    for org, share in shares.items():  # each is the floor or the ceiling of its exact share
        assert abs(Fraction(share) - exact[org]) < 1
        assert share >= 0
    ordered = sorted(weights, key=weights.get)
    for lo, hi in zip(ordered, ordered[1:], strict=False):  # a larger weight never gets less
        if weights[hi] > weights[lo]:
            assert shares[hi] >= shares[lo]


@settings(max_examples=200, deadline=None)
@given(total=st.integers(0, 2_000), weights=weights_st, minimum=st.integers(0, 5))
def test_quota_cascade_minimum_properties(total, weights, minimum):
    if minimum * len(weights) > total:
        with pytest.raises(ValueError):
            quota_cascade(total, weights, minimum=minimum)
        return
    shares = quota_cascade(total, weights, minimum=minimum)
    assert sum(shares.values()) == total
    assert min(shares.values()) >= minimum


@settings(max_examples=200, deadline=None)
@given(weights=weights_st, data=st.data())
def test_quota_cascade_deterministic_whatever_the_dict_order(weights, data):
    total = data.draw(st.integers(0, 1_000))
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    assert quota_cascade(total, weights) == quota_cascade(total, shuffled)
