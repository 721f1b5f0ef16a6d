"""Results of a track, pure: ranking with declared tie-breaks, prizes with quotas,
advancement from a stage, and medal tables per org subtree.

**Ranking.** Best total first; entrants level on the total are separated by the declared
tie-breaks in order (by default: the higher practical mark, then the higher theory mark,
then the earlier finish time); entrants still level after every tie-break share the rank
(standard competition ranking, "1, 2, 2, 4"). Unmarked entrants (no total) come last
without a rank. Every entrant gets a `rank` among all entrants, and eligible ones an
`official_rank` among the eligible only: a guest, out-of-scope or ineligible entrant is
shown where they placed but never takes a prize or an advancement place, nor pushes an
eligible entrant out of one.

**Prizes.** Tiers in order (first, second, third, excellence), each with a quota (None:
no limit, the last tier only) and optionally a minimum standardised score (e.g.
excellence at 700). Tied entrants get the same prize; the tie uses up the places it takes,
so two tied first prizes with a quota of one leave no second prize (the WorldSkills way).

**Medal tables.** Medal points 4/3/2/1 for first/second/third/excellence (the WorldSkills
member reports); one row per child org of the given root, counting its whole subtree."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from jiangxin.orgs.paths import child_path_length

Number = int | Decimal


class Prize(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"
    EXCELLENCE = "excellence"


_PRIZES: Mapping[str, Prize] = {p.value: p for p in Prize}
MEDAL_POINTS: Mapping[Prize, int] = {
    Prize.FIRST: 4,
    Prize.SECOND: 3,
    Prize.THIRD: 2,
    Prize.EXCELLENCE: 1,
}


class TieBreak(StrEnum):
    PRACTICAL = "practical"  # the higher practical part
    THEORY = "theory"  # the higher theory part
    FINISH_TIME = "finish_time"  # the earlier finish


DEFAULT_TIE_BREAKS = (TieBreak.PRACTICAL, TieBreak.THEORY, TieBreak.FINISH_TIME)


@dataclass(frozen=True)
class RankInput:
    entrant: Hashable
    total: Number | None
    practical: Number | None = None
    theory: Number | None = None
    finished_at: datetime | None = None
    eligible: bool = True
    scaled: int | None = None  # the standardised score, for prize thresholds


@dataclass(frozen=True)
class Ranked:
    entrant: Hashable
    rank: int | None  # among everyone marked; None if unmarked
    official_rank: int | None  # among the eligible marked; None otherwise
    total: Number | None
    tied: bool  # shares its rank with another entrant after every tie-break
    decided_by: TieBreak | None  # the tie-break that put it below an entrant level on total
    eligible: bool
    scaled: int | None


def _by_practical(row: RankInput):
    return -(row.practical or 0)


def _by_theory(row: RankInput):
    return -(row.theory or 0)


def _by_finish(row: RankInput):
    return (row.finished_at is None, row.finished_at or 0)


_TIE_KEYS = {
    TieBreak.PRACTICAL: _by_practical,
    TieBreak.THEORY: _by_theory,
    TieBreak.FINISH_TIME: _by_finish,
}


def _ranks(keys: list[tuple]) -> list[int]:
    """Competition ranks of keys already sorted best first."""
    out: list[int] = []
    for i, key in enumerate(keys):
        out.append(out[-1] if i and key == keys[i - 1] else i + 1)
    return out


def rank_entrants(
    rows: Iterable[RankInput], tie_breaks: Sequence[TieBreak | str] = DEFAULT_TIE_BREAKS
) -> list[Ranked]:
    """Everyone best first (unmarked last, then by entrant for a stable order)."""
    try:
        tbs = [TieBreak(tb) for tb in tie_breaks]
    except ValueError as exc:
        raise ValueError(f"unknown tie-break in {list(tie_breaks)!r}") from exc
    getters = [_TIE_KEYS[tb] for tb in tbs]
    rows = list(rows)
    marked = [r for r in rows if r.total is not None]
    unmarked = sorted((r for r in rows if r.total is None), key=lambda r: str(r.entrant))
    keyed = sorted(
        (((-r.total, *(g(r) for g in getters)), str(r.entrant), r) for r in marked),  # type: ignore[operator]
        key=lambda t: t[:2],
    )
    keys = [k for k, _s, _r in keyed]
    ranks = _ranks(keys)
    official_keys = [k for k, _s, r in keyed if r.eligible]
    official = iter(_ranks(official_keys))
    out: list[Ranked] = []
    for i, (key, _s, row) in enumerate(keyed):
        tied = (i > 0 and keys[i - 1] == key) or (i + 1 < len(keys) and keys[i + 1] == key)
        decided_by = None
        if i > 0 and keys[i - 1][0] == key[0] and keys[i - 1] != key:
            decided_by = next(
                tb for tb, a, b in zip(tbs, keys[i - 1][1:], key[1:], strict=True) if a != b
            )
        out.append(
            Ranked(
                row.entrant,
                ranks[i],
                next(official) if row.eligible else None,
                row.total,
                tied,
                decided_by,
                row.eligible,
                row.scaled,
            )
        )
    for row in unmarked:
        out.append(Ranked(row.entrant, None, None, None, False, None, row.eligible, row.scaled))
    return out


@dataclass(frozen=True)
class PrizeTier:
    prize: Prize
    quota: int | None  # None: no limit (the last tier only)
    min_scaled: int | None = None  # e.g. 700 for excellence


def award_prizes(
    ranked: Sequence[Ranked], tiers: Sequence[PrizeTier]
) -> dict[Hashable, Prize | None]:
    """Each entrant's prize (None: none) — by official rank, so ineligible entrants never
    take a place; ties share the prize of the first place they take."""
    bounds: list[tuple[PrizeTier, float]] = []
    end = 0.0
    for i, tier in enumerate(tiers):
        if tier.quota is None:
            if i != len(tiers) - 1:
                raise ValueError("only the last prize tier may have no quota")
            end = math.inf
        elif tier.quota < 0:
            raise ValueError(f"the quota of {tier.prize} is negative")
        else:
            end += tier.quota
        bounds.append((tier, end))
    out: dict[Hashable, Prize | None] = {}
    for r in ranked:
        out[r.entrant] = None
        if r.official_rank is None:
            continue
        slot = r.official_rank - 1  # eligible entrants placed above
        tier = next((t for t, stop in bounds if slot < stop), None)
        if tier is None:
            continue
        if tier.min_scaled is not None and (r.scaled is None or r.scaled < tier.min_scaled):
            continue
        out[r.entrant] = tier.prize
    return out


def advancing(
    ranked: Sequence[Ranked],
    *,
    top_n: int | None = None,
    top_percent: Number | None = None,
    include_ties: bool = True,
) -> list[Hashable]:
    """The entrants who advance to the next stage, best first: the top `top_n`, or the
    top `top_percent` % of the eligible marked entrants (rounded down, at least one when
    any are marked and the percentage is above 0). With `include_ties`, entrants sharing
    the last advancing rank all advance; without, a tie that would overflow the number
    advances none of its members."""
    if (top_n is None) == (top_percent is None):
        raise ValueError("give exactly one of top_n and top_percent")
    eligible = [r for r in ranked if r.official_rank is not None]
    if top_n is not None:
        if top_n < 0:
            raise ValueError("top_n must not be negative")
        cut = top_n
    else:
        pct = Decimal(str(top_percent))
        if not 0 <= pct <= 100:
            raise ValueError("top_percent lies between 0 and 100")
        cut = int(len(eligible) * pct / 100)
        if pct > 0 and eligible:
            cut = max(cut, 1)
    sizes: dict[int, int] = {}
    for r in eligible:
        sizes[r.official_rank] = sizes.get(r.official_rank, 0) + 1  # type: ignore[index]
    out = []
    for r in eligible:
        rank: int = r.official_rank  # type: ignore[assignment]
        last = rank + sizes[rank] - 1
        if rank <= cut and (include_ties or last <= cut):
            out.append(r.entrant)
    return out


@dataclass(frozen=True)
class MedalRow:
    org_path: str
    counts: Mapping[Prize, int]
    points: int

    @property
    def medals(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class MedalTable:
    root: str
    rows: tuple[MedalRow, ...]  # one per child org with a prize (and the root's own)
    total: MedalRow  # the whole subtree


def _row(path: str, counts: Mapping[Prize, int], points: Mapping[Prize, int]) -> MedalRow:
    full = {p: counts.get(p, 0) for p in Prize}
    return MedalRow(path, full, sum(points.get(p, 0) * n for p, n in full.items()))


def medal_table(
    awards: Iterable[tuple[str, Prize | str | None]],
    root: str,
    *,
    points: Mapping[Prize, int] = MEDAL_POINTS,
) -> MedalTable:
    """Medal counts and points per child org of `root` (each over its whole subtree),
    from (the entrant's org path, prize) pairs. A prize of an org outside the root's
    subtree is not counted; one of the root itself gets a row of its own (path = root).
    Rows: most points first, then most firsts, seconds, thirds, excellence, then path."""
    width = child_path_length(root)
    per_org: dict[str, dict[Prize, int]] = {}
    total: dict[Prize, int] = {}
    for path, given in awards:
        if not given or not path.startswith(root):
            continue
        prize = _PRIZES.get(given)
        if prize is None:
            raise ValueError(f"unknown prize {given!r}")
        key = path[:width] if len(path) >= width else root
        counts = per_org.setdefault(key, {})
        counts[prize] = counts.get(prize, 0) + 1
        total[prize] = total.get(prize, 0) + 1
    rows = [_row(path, counts, points) for path, counts in per_org.items()]
    rows.sort(key=lambda r: (-r.points, *(-r.counts[p] for p in Prize), r.org_path))
    return MedalTable(root, tuple(rows), _row(root, total, points))
