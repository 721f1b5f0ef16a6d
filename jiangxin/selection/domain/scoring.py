"""Scoring arithmetic, pure (no database): weighted scorecards, aggregation by trimmed
mean or mean, z-score normalisation, first-place votes, ranking with declared
tie-breaks, and filling award tiers in order.

Scores are `Decimal` end to end (a scorecard's total, the aggregate, the normalised
score): the functions compute in the type they are given and never convert to float."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..enums import Aggregation, TieBreak

Number = int | float | Decimal


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    weight: int  # the weights of a campaign sum to 100
    max_score: Number


def weighted_total(scores: Mapping[str, Number | None], criteria: Sequence[CriterionSpec]):
    """The scorecard's total on a 0..100 scale: Σ weight × score / max. None while any
    criterion is unscored."""
    total = Decimal(0)
    for c in criteria:
        value = scores.get(c.code)
        if value is None:
            return None
        total += c.weight * _dec(value) / _dec(c.max_score)
    return total.quantize(Decimal("0.0001"))


def _dec(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _sqrt(value):
    return value.sqrt() if isinstance(value, Decimal) else math.sqrt(value)


def mean(values: Sequence[Number]) -> Number | None:
    return sum(values) / len(values) if values else None


def trimmed_mean(values: Sequence[Number]) -> Number | None:
    """Drop exactly one highest and one lowest value when there are at least three (of
    tied values only one is dropped), and average the rest; else the plain mean."""
    if len(values) < 3:
        return mean(values)
    ordered = sorted(values)
    return mean(ordered[1:-1])


def aggregate(values: Sequence[Number], method: str) -> Number | None:
    if method == Aggregation.TRIMMED_MEAN:
        return trimmed_mean(values)
    if method == Aggregation.MEAN:
        return mean(values)
    raise ValueError(f"unknown aggregation {method!r}")


def population_sd(values: Sequence[Number]) -> Number:
    m = mean(values)
    if m is None:
        return 0
    return _sqrt(sum((v - m) ** 2 for v in values) / len(values))


def zscore_rescale[G: Hashable, K: Hashable](
    groups: Mapping[G, Mapping[K, Number]],
    *,
    target_mean: Number | None = None,
    target_sd: Number | None = None,
) -> dict[G, dict[K, Number]]:
    """Standardise each group's scores (an expert's, or a panel's) to z-scores and rescale
    them to the target mean and sd — by default the mean and (population) sd of all the
    scores together, so the result stays on the campaign's scale. A group whose scores
    are all equal (sd = 0, one score included) maps every score to the target mean."""
    everything = [v for g in groups.values() for v in g.values()]
    if target_mean is None:
        target_mean = mean(everything) or 0
    if target_sd is None:
        target_sd = population_sd(everything)
    out: dict[G, dict[K, Number]] = {}
    for g, scores in groups.items():
        values = list(scores.values())
        m, sd = mean(values), population_sd(values)
        out[g] = {
            k: target_mean + (0 if sd == 0 else (v - m) / sd) * target_sd for k, v in scores.items()
        }
    return out


def first_place_votes[E: Hashable, K: Hashable](
    cards: Iterable[tuple[E, K, Number]],
) -> dict[K, int]:
    """(expert, entry, total) → how many experts put each entry at their top (an expert
    with a tie at the top gives each tied entry a vote)."""
    best: dict[E, Number] = {}
    by_expert: dict[E, list[tuple[K, Number]]] = defaultdict(list)
    for expert, entry, total in cards:
        by_expert[expert].append((entry, total))
        best[expert] = max(best.get(expert, total), total)
    votes: dict[K, int] = defaultdict(int)
    for expert, items in by_expert.items():
        for entry, total in items:
            if total == best[expert]:
                votes[entry] += 1
    return dict(votes)


@dataclass(frozen=True)
class RankInput:
    entry_id: int
    score: Number | None
    max_score: Number = 0
    first_places: int = 0
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class Ranked:
    entry_id: int
    rank: int
    score: Number | None
    tied: bool  # still level with the one above after every declared tie-break


FAR_FUTURE = datetime.max.replace(tzinfo=None)  # an entry never submitted sorts last


def _key(row: RankInput, tie_breaks: Sequence[str]) -> tuple:
    key: list = [row.score is None, -(row.score or 0)]
    for tb in tie_breaks:
        if tb == TieBreak.MAX_SCORE:
            key.append(-row.max_score)
        elif tb == TieBreak.FIRST_PLACES:
            key.append(-row.first_places)
        elif tb == TieBreak.EARLIEST_SUBMISSION:
            when = row.submitted_at
            key.append(when.replace(tzinfo=None) if when is not None else FAR_FUTURE)
        else:
            raise ValueError(f"unknown tie-break {tb!r}")
    return tuple(key)


def _coarse(row: RankInput) -> tuple[bool, float]:
    """A monotone image of the first two parts of `_key`: a < b ⇒ float(a) ≤ float(b)."""
    return (row.score is None, -float(row.score or 0))


def rank_entries(rows: Iterable[RankInput], tie_breaks: Sequence[str] = ()) -> list[Ranked]:
    """Best first: by score (unscored last), then the declared tie-breaks in order, then
    the entry id (deterministic; such a tie is flagged `tied` for the staff to see).

    Comparing Decimal keys is slow, so the rows are first sorted on a float image of the
    score (monotone, so it never puts a lower score first), and only runs of rows whose
    floats are equal — usually runs of one — are ordered by the exact key. No score is
    computed in float; the order is exactly that of the exact key."""
    rows = list(rows)
    if rows:
        _key(rows[0], tie_breaks)  # an unknown tie-break is refused even without a tie
    out: list[Ranked] = []
    previous = None
    position = 0
    for _coarse_key, group in itertools.groupby(sorted(rows, key=_coarse), key=_coarse):
        run = list(group)
        if len(run) == 1:
            position += 1
            out.append(Ranked(run[0].entry_id, position, run[0].score, tied=False))
            previous = None  # a different float: a different score, no tie with the next
            continue
        keyed = sorted(((_key(r, tie_breaks), r.entry_id, r) for r in run), key=lambda t: t[:2])
        previous = None
        for key, _id, row in keyed:
            position += 1
            out.append(Ranked(row.entry_id, position, row.score, tied=key == previous))
            previous = key
    return out


def fill_tiers[T](ranked: Sequence[Ranked], tiers: Sequence[tuple[T, int]]) -> dict[int, T | None]:
    """Fill the tiers (best first, each with its quota) in ranking order; unscored entries
    and those beyond the last quota get None."""
    return tiers_by_order(((r.entry_id, r.score is not None) for r in ranked), tiers)


def tiers_by_order[T](
    order: Iterable[tuple[int, bool]], tiers: Sequence[tuple[T, int]]
) -> dict[int, T | None]:
    """`fill_tiers` over (entry id, has a score) in ranking order."""
    slots: list[T] = [tier for tier, quota in tiers for _ in range(max(quota, 0))]
    out: dict[int, T | None] = {}
    i = 0
    for entry_id, scored in order:
        if scored and i < len(slots):
            out[entry_id] = slots[i]
            i += 1
        else:
            out[entry_id] = None
    return out
