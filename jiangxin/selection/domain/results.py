"""A campaign's results from its submitted scorecards, pure (no database): aggregate each
entry's totals, normalise if asked, count first-place votes, rank with the declared
tie-breaks and fill the tiers.

Two ways to the same results:

- `campaign_results(cards, ...)`: the rules applied card by card, as written in
  `scoring` (every normalisation).
- `results_from_tallies(tallies, ...)`: from per-entry tallies (count, sum, lowest and
  highest total, first-place votes), which one SQL GROUP BY can produce. Without
  normalisation that is all the rules need: the trimmed mean drops exactly one highest and
  one lowest value, so it is (sum − lowest − highest) / (n − 2). Totals have three
  decimals (the scorecard column's), so a tally counts in thousandths, and entries are
  ordered on exact integer keys instead of Decimal ones (comparing Decimals is what made
  ranking a large campaign slow). `tally_cards` makes the tallies in Python; the
  equivalence is tested on random campaigns (tests/test_results_fast.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from math import lcm
from typing import NamedTuple

from ..enums import Aggregation, Normalisation, TieBreak
from . import scoring


class Card(NamedTuple):
    """A submitted scorecard: who scored which entry, in which panel, with what total."""

    entry_id: int
    expert_id: int
    panel_id: int | None
    total: Decimal


class Tally(NamedTuple):
    """One entry's submitted totals summed up (n ≥ 1), in thousandths."""

    entry_id: int
    n: int
    sum_milli: int
    lowest_milli: int
    highest_milli: int
    first_places: int


class Result[T](NamedTuple):
    entry_id: int
    rank: int
    tied: bool
    score: Decimal | None  # the aggregate (normalised when asked), not rounded
    max_score: Decimal | None  # the highest single total, None without scores
    first_places: int
    n_scores: int
    tier: T | None


def campaign_results[T](
    cards: Iterable[Card],
    submitted_at: Mapping[int, datetime | None],
    *,
    aggregation: str,
    normalisation: str,
    tie_breaks: Sequence[str],
    tiers: Sequence[tuple[T, int]],
) -> list[Result[T]]:
    """The results of the entries in `submitted_at` (entry id → when it was submitted),
    best first. Cards of other entries are ignored."""
    raw: dict[int, list[Decimal]] = defaultdict(list)
    by_expert: dict[int, dict[int, Decimal]] = defaultdict(dict)
    panel_of: dict[int, int | None] = {}
    any_card = False
    for card in cards:
        if card.entry_id not in submitted_at:
            continue
        any_card = True
        raw[card.entry_id].append(card.total)
        by_expert[card.expert_id][card.entry_id] = card.total
        panel_of[card.entry_id] = card.panel_id
    values: Mapping[int, Sequence] = raw
    if normalisation == Normalisation.EXPERT and any_card:
        norm = scoring.zscore_rescale(by_expert)
        values = defaultdict(list)
        for expert_scores in norm.values():
            for entry_id, v in expert_scores.items():
                values[entry_id].append(v)
    aggregated = {eid: scoring.aggregate(vs, aggregation) for eid, vs in values.items()}
    if normalisation == Normalisation.PANEL and aggregated:
        groups: dict[int | None, dict[int, Decimal]] = defaultdict(dict)
        for eid, v in aggregated.items():
            groups[panel_of.get(eid)][eid] = v
        aggregated = {
            eid: v for g in scoring.zscore_rescale(groups).values() for eid, v in g.items()
        }
    votes = scoring.first_place_votes(
        (ex, eid, v) for ex, scores in by_expert.items() for eid, v in scores.items()
    )
    rows = [
        scoring.RankInput(
            entry_id=eid,
            score=aggregated.get(eid),
            max_score=max(raw[eid]) if raw.get(eid) else Decimal(0),
            first_places=votes.get(eid, 0),
            submitted_at=when,
        )
        for eid, when in submitted_at.items()
    ]
    ranked = scoring.rank_entries(rows, tie_breaks)
    fill = scoring.fill_tiers(ranked, tiers)
    return [
        Result(
            entry_id=r.entry_id,
            rank=r.rank,
            tied=r.tied,
            score=r.score,
            max_score=max(raw[r.entry_id]) if raw.get(r.entry_id) else None,
            first_places=votes.get(r.entry_id, 0),
            n_scores=len(raw.get(r.entry_id, ())),
            tier=fill[r.entry_id],
        )
        for r in ranked
    ]


def milli(total: Decimal) -> int:
    """A total (three decimals at most) in thousandths, exactly."""
    scaled = total.scaleb(3)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"a total has three decimals at most: {total}")
    return int(scaled)


def tally_cards(cards: Iterable[Card]) -> list[Tally]:
    """Per-entry tallies of the cards (what the SQL GROUP BY computes). An entry's
    first-place votes: the experts for whom no card has a higher total than its."""
    cards = [(c.entry_id, c.expert_id, milli(c.total)) for c in cards]
    best: dict[int, int] = {}
    for _entry, expert, total in cards:
        if expert not in best or total > best[expert]:
            best[expert] = total
    acc: dict[int, list[int]] = {}
    for entry, expert, total in cards:
        vote = 1 if total == best[expert] else 0
        a = acc.get(entry)
        if a is None:
            acc[entry] = [1, total, total, total, vote]
        else:
            a[0] += 1
            a[1] += total
            a[2] = min(a[2], total)
            a[3] = max(a[3], total)
            a[4] += vote
    return [Tally(eid, *a) for eid, a in acc.items()]


def tally_fraction(t: Tally, aggregation: str) -> tuple[int, int]:
    """The aggregate of one entry as an exact fraction (numerator, denominator) of
    thousandths: the trimmed mean drops one lowest and one highest total when n ≥ 3."""
    if aggregation == Aggregation.TRIMMED_MEAN:
        if t.n >= 3:
            return t.sum_milli - t.lowest_milli - t.highest_milli, t.n - 2
        return t.sum_milli, t.n
    if aggregation == Aggregation.MEAN:
        return t.sum_milli, t.n
    raise ValueError(f"unknown aggregation {aggregation!r}")


def results_from_tallies[T](
    tallies: Iterable[Tally],
    submitted_at: Mapping[int, datetime | None],
    *,
    aggregation: str,
    tie_breaks: Sequence[str],
    tiers: Sequence[tuple[T, int]],
) -> list[Result[T]]:
    """`campaign_results` without normalisation, from the tallies of the entries' cards
    (entries in `submitted_at` without a tally have no score).

    The score is the same Decimal `scoring.aggregate` gives (Σ of the kept totals, exact,
    then one division rounded to the context's precision), and entries are ordered as
    `scoring.rank_entries` orders them, on integer keys: each score as its fraction over
    the common denominator. Two different fractions of thousandths below 10⁵ differ by far
    more than the Decimal division's rounding, so exact and Decimal order agree, ties
    included."""
    tallies = {t.entry_id: t for t in tallies if t.entry_id in submitted_at}
    fractions = {eid: tally_fraction(t, aggregation) for eid, t in tallies.items()}
    common = lcm(*{q for _p, q in fractions.values()}) if fractions else 1
    # The sort key column by column (scoring._key's parts), then one sort of the tuples.
    ids = list(submitted_at)
    none = (0, 1)  # (numerator, denominator) of an unscored entry: its key part is 0
    frac = [fractions.get(eid, none) for eid in ids]
    columns: list[list] = [
        [eid not in tallies for eid in ids],
        [-p * (common // q) for p, q in frac],
    ]
    for tb in tie_breaks:
        if tb == TieBreak.MAX_SCORE:
            columns.append([-t.highest_milli if (t := tallies.get(eid)) else 0 for eid in ids])
        elif tb == TieBreak.FIRST_PLACES:
            columns.append([-t.first_places if (t := tallies.get(eid)) else 0 for eid in ids])
        elif tb == TieBreak.EARLIEST_SUBMISSION:
            columns.append(
                [
                    w.replace(tzinfo=None) if w is not None else scoring.FAR_FUTURE
                    for w in submitted_at.values()
                ]
            )
        else:
            raise ValueError(f"unknown tie-break {tb!r}")
    keyed = sorted(zip(*columns, ids, strict=True))
    fill = scoring.tiers_by_order(((k[-1], not k[0]) for k in keyed), tiers)
    out = []
    previous = None
    for rank, row in enumerate(keyed, start=1):
        key, eid = row[:-1], row[-1]
        t = tallies.get(eid)
        tied = key == previous
        previous = key
        if t is None:
            out.append(Result(eid, rank, tied, None, None, 0, 0, fill[eid]))
            continue
        p, q = fractions[eid]
        score = Decimal(p) / Decimal(1000 * q)
        highest = Decimal(t.highest_milli).scaleb(-3)
        out.append(Result(eid, rank, tied, score, highest, t.first_places, t.n, fill[eid]))
    return out
