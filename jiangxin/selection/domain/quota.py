"""Nomination quotas cascading down the tree: pure arithmetic, no database.

`quota_cascade` shares a whole number of places among organisations in proportion to
their weights (enterprises or workers in scope) by the largest-remainder (Hamilton)
method: each gets the whole part of its exact share, and the places left over go to the
largest fractional parts. Ties among equal remainders go to the organisation whose path
sorts first (then the smaller id), so the result never depends on dict order.

Properties (tested with Hypothesis): the shares sum to the total; each share is the floor
or the ceiling of its exact proportion (so within 1 of it); a larger weight never gets a
smaller share. Note: Hamilton is *not* house-monotone — raising the total can lower one
share (the Alabama paradox, see the tests) — which is why the method is declared and the
preview is shown before quotas are set.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

METHODS = ("largest_remainder",)


def quota_cascade(
    total: int,
    weights: Mapping[int, int],
    *,
    method: str = "largest_remainder",
    minimum: int = 0,
    paths: Mapping[int, str] | None = None,
) -> dict[int, int]:
    """Share `total` places among the keys of `weights` (org id → weight ≥ 0).

    `minimum` places go to every organisation first and the rest in proportion; when all
    weights are zero the rest is shared equally. `paths` (org id → tree path) decides ties;
    without it the smaller id wins."""
    if method not in METHODS:
        raise ValueError(f"unknown quota method {method!r}; use one of {', '.join(METHODS)}")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise ValueError("the total must be a whole number ≥ 0")
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
        raise ValueError("the minimum must be a whole number ≥ 0")
    if any(isinstance(w, bool) or not isinstance(w, int) or w < 0 for w in weights.values()):
        raise ValueError("weights must be whole numbers ≥ 0")
    ids = list(weights)
    if not ids:
        if total:
            raise ValueError("there is no organisation to share the quota among")
        return {}
    if minimum * len(ids) > total:
        raise ValueError(
            f"a minimum of {minimum} for each of {len(ids)} organisations needs "
            f"{minimum * len(ids)} places, more than the total of {total}"
        )
    rest = total - minimum * len(ids)
    effective = dict(weights) if sum(weights.values()) else dict.fromkeys(ids, 1)
    weight_sum = sum(effective.values())
    exact = {i: Fraction(rest * effective[i], weight_sum) for i in ids}
    shares = {i: int(exact[i]) for i in ids}  # floor: exact shares are ≥ 0
    left = rest - sum(shares.values())
    paths = paths or {}

    def order(i: int):
        return (-(exact[i] - shares[i]), paths.get(i, ""), i)

    for i in sorted(ids, key=order)[:left]:
        shares[i] += 1
    return {i: shares[i] + minimum for i in ids}


def exact_shares(total: int, weights: Mapping[int, int]) -> dict[int, Fraction]:
    """The exact proportional shares (for the preview and the tests)."""
    weight_sum = sum(weights.values())
    if not weight_sum:
        return {i: Fraction(total, len(weights)) for i in weights} if weights else {}
    return {i: Fraction(total * w, weight_sum) for i, w in weights.items()}
