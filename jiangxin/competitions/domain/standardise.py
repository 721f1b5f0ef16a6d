"""The standardised scale, so tracks compare: one pure function, `standardise`.

For one track's raw totals::

    score = clamp(round_half_up(700 + 30 × (raw − median) / unit), 0, 1000)
    unit  = 1.4826 × MAD,  MAD = median(|raw − median|)

1.4826 × MAD estimates the standard deviation of normally spread marks without letting
one outlier move everybody. The median of an even count is the mean of the two middle
totals. "Round half up" rounds x.5 towards +∞ (applied to the whole score, before the
clamp). The arithmetic is Decimal in a fixed context (28 significant digits), so the
stored median and unit reproduce every score exactly on any machine (`rescore`).

**Fallback** (declared, a parameter): a track with fewer than `min_entrants` (5) entrants
or with MAD = 0 (more than half the entrants on one total) has no usable robust spread.
Then, by default (`fallback="fixed"`), the unit is a declared number of raw marks,
`fallback_unit` = 5 — six scale points per raw mark, the median still at 700: a tiny
track's differences are shown at face value instead of being blown up by a noisy spread
estimate. With `fallback="sd"` the population standard deviation is used instead (and the
fixed unit if that is 0 too, e.g. one entrant or all equal). The estimator used and the
reason are part of every explanation.

**Published check.** WorldSkills states the principle (each skill's median at 700, most
scores between 600 and 800; the Medallion for Excellence at 700 — skillshub.io
"WorldSkills Scale") but no primary text of the formula and no numeric results export was
found through the search tool (December 2026: pages/docs/code corpora searched for
"WorldSkills standardised score 700 MAD" and similar). ANCHORS.md §0.1 reports that a
32-competitor export fits this formula exactly, but those figures are not available here,
so the tests check a hand-worked track and the properties (median → 700 for odd counts,
monotone, clamped, reproducible from the stored parameters, invariant to a constant
shift). When a real export turns up, add it as a test: `standardise` must reproduce it.

`FORMULA_VERSION` is stored beside every score; change it with any change of the formula
or its defaults."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import Any

Number = int | Decimal

FORMULA_VERSION = "ws700-mad-v1"
_CONTEXT = Context(prec=28)


class Estimator(StrEnum):
    MAD = "mad"  # mad_factor × MAD
    SD = "sd"  # population standard deviation (fallback)
    FIXED = "fixed"  # a declared number of raw marks (fallback)


class FallbackReason(StrEnum):
    NONE = ""
    FEW_ENTRANTS = "few_entrants"
    MAD_ZERO = "mad_zero"


@dataclass(frozen=True)
class StandardParams:
    centre: Decimal = Decimal(700)
    points_per_unit: Decimal = Decimal(30)
    mad_factor: Decimal = Decimal("1.4826")
    min_entrants: int = 5
    floor: Decimal = Decimal(0)
    ceiling: Decimal = Decimal(1000)
    fallback: Estimator = Estimator.FIXED
    fallback_unit: Decimal = Decimal(5)  # raw marks per 30 points, for the fixed fallback

    @classmethod
    def of(cls, **params: Any) -> StandardParams:
        """From keyword parameters (ints, strs or Decimals); ValueError for a bad one."""
        names = {f.name for f in fields(cls)}
        unknown = set(params) - names
        if unknown:
            raise TypeError(f"unknown standardisation parameter(s): {sorted(unknown)}")
        p = replace(cls(), **params)
        p = replace(
            p,
            centre=Decimal(str(p.centre)),
            points_per_unit=Decimal(str(p.points_per_unit)),
            mad_factor=Decimal(str(p.mad_factor)),
            min_entrants=int(p.min_entrants),
            floor=Decimal(str(p.floor)),
            ceiling=Decimal(str(p.ceiling)),
            fallback=Estimator(p.fallback),
            fallback_unit=Decimal(str(p.fallback_unit)),
        )
        if p.points_per_unit <= 0 or p.mad_factor <= 0 or p.fallback_unit <= 0:
            raise ValueError("points_per_unit, mad_factor and fallback_unit must be above 0")
        if not p.floor <= p.centre <= p.ceiling:
            raise ValueError("the centre must lie between the floor and the ceiling")
        if p.min_entrants < 1:
            raise ValueError("min_entrants must be at least 1")
        if p.fallback == Estimator.MAD:
            raise ValueError("the fallback is 'sd' or 'fixed'")
        return p

    def as_dict(self) -> dict[str, str | int]:
        return {k: v if isinstance(v, int) else str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class TrackStats:
    entrants: int
    median: Decimal | None
    mad: Decimal | None
    estimator: Estimator
    unit: Decimal | None  # raw marks per `points_per_unit` scale points
    fallback_reason: FallbackReason


@dataclass(frozen=True)
class Explanation:
    """What the score card shows, and what is stored beside the score."""

    raw: Decimal
    entrants: int
    median: Decimal
    mad: Decimal
    estimator: Estimator
    unit: Decimal
    fallback_reason: FallbackReason
    unrounded: Decimal  # before rounding and clamping, to 0.0001
    score: int
    clamped: bool
    formula_version: str
    params: StandardParams

    def stored(self) -> dict[str, str | int]:
        """The JSON-able record kept beside the score; `rescore(raw, record)` gives the
        score back."""
        return {
            "formula_version": self.formula_version,
            "median": str(self.median),
            "mad": str(self.mad),
            "estimator": str(self.estimator),
            "unit": str(self.unit),
            "entrants": self.entrants,
            "fallback_reason": str(self.fallback_reason),
            **{f"param_{k}": v for k, v in self.params.as_dict().items()},
        }


def median_of(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    if n % 2:
        return ordered[mid]
    with localcontext(_CONTEXT):
        return (ordered[mid - 1] + ordered[mid]) / 2


def _sd(values: list[Decimal]) -> Decimal:
    with localcontext(_CONTEXT):
        m = sum(values, Decimal(0)) / len(values)
        return (sum(((v - m) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def _unrounded(raw: Decimal, median: Decimal, unit: Decimal, p: StandardParams) -> Decimal:
    with localcontext(_CONTEXT):
        return p.centre + p.points_per_unit * (raw - median) / unit


def scale(raw: Number, *, median: Decimal, unit: Decimal, params: StandardParams) -> int:
    """The formula itself: `clamp(round_half_up(centre + points × (raw − median) / unit))`."""
    value = _unrounded(Decimal(raw), median, unit, params)
    rounded = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(min(max(rounded, params.floor), params.ceiling))


def track_stats(raws: list[Decimal], params: StandardParams) -> TrackStats:
    """The median, the MAD and the spread unit of one track, with the estimator used."""
    if not raws:
        return TrackStats(0, None, None, params.fallback, None, FallbackReason.FEW_ENTRANTS)
    med = median_of(raws)
    mad = median_of([abs(r - med) for r in raws])
    n = len(raws)
    if n >= params.min_entrants and mad > 0:
        with localcontext(_CONTEXT):
            unit = params.mad_factor * mad
        return TrackStats(n, med, mad, Estimator.MAD, unit, FallbackReason.NONE)
    reason = FallbackReason.FEW_ENTRANTS if n < params.min_entrants else FallbackReason.MAD_ZERO
    if params.fallback == Estimator.SD:
        sd = _sd(raws)
        if sd > 0:
            return TrackStats(n, med, mad, Estimator.SD, sd, reason)
    return TrackStats(n, med, mad, Estimator.FIXED, params.fallback_unit, reason)


@dataclass(frozen=True)
class Standardised[K: Hashable]:
    scores: Mapping[K, int]
    raw: Mapping[K, Decimal]
    stats: TrackStats
    params: StandardParams
    formula_version: str = FORMULA_VERSION

    def explain(self, entrant: K) -> Explanation:
        raw = self.raw[entrant]
        assert self.stats.median is not None and self.stats.unit is not None
        assert self.stats.mad is not None
        unrounded = _unrounded(raw, self.stats.median, self.stats.unit, self.params)
        score = self.scores[entrant]
        return Explanation(
            raw=raw,
            entrants=self.stats.entrants,
            median=self.stats.median,
            mad=self.stats.mad,
            estimator=self.stats.estimator,
            unit=self.stats.unit,
            fallback_reason=self.stats.fallback_reason,
            unrounded=unrounded.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            score=score,
            clamped=unrounded.quantize(Decimal(1), rounding=ROUND_HALF_UP) != score,
            formula_version=self.formula_version,
            params=self.params,
        )


def standardise[K: Hashable](raw_totals: Mapping[K, Number], **params: Any) -> Standardised[K]:
    """Every entrant of ONE track on the 700 scale (see the module docstring); `params`
    override `StandardParams` (centre, points_per_unit, mad_factor, min_entrants, floor,
    ceiling, fallback, fallback_unit)."""
    p = StandardParams.of(**params)
    raw = {k: Decimal(v) if isinstance(v, int) else v for k, v in raw_totals.items()}
    for k, v in raw.items():
        if not isinstance(v, Decimal) or not v.is_finite():
            raise ValueError(f"raw total of {k!r} is not a finite int or Decimal: {v!r}")
    stats = track_stats(list(raw.values()), p)
    scores: dict[K, int] = {}
    if stats.median is not None and stats.unit is not None:
        scores = {
            k: scale(v, median=stats.median, unit=stats.unit, params=p) for k, v in raw.items()
        }
    return Standardised(scores, raw, stats, p)


def rescore(raw: Number, stored: Mapping[str, str | int]) -> int:
    """The score again, from the record stored beside it (`Explanation.stored()`);
    ValueError for a record of another formula version."""
    if stored.get("formula_version") != FORMULA_VERSION:
        raise ValueError(
            f"stored under formula {stored.get('formula_version')!r}, not {FORMULA_VERSION!r}"
        )
    params = StandardParams.of(
        **{k.removeprefix("param_"): v for k, v in stored.items() if k.startswith("param_")}
    )
    return scale(
        raw, median=Decimal(str(stored["median"])), unit=Decimal(str(stored["unit"])), params=params
    )
