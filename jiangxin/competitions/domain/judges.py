"""The judges of judgement aspects, pure: spread flags for re-marking and the judge
report (leniency against the panel median, disagreement counts).

Input is plain data: `JudgementCard(entrant, aspect, judge, score)` — one judge's 0–3
score of one entrant on one judgement aspect. A panel is the cards of one
(entrant, aspect). Leniency is the mean signed difference between the judge's score and
the panel's median (positive: the judge scores above the panel), in exact Decimal and
rounded half up to 0.001 for display; a judge alone on a panel is not compared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

MAX_SPREAD = 1  # scores more than 1 point apart are re-marked (WorldSkills rule)
LENIENCY_QUANTUM = Decimal("0.001")
SCORES = (0, 1, 2, 3)


@dataclass(frozen=True)
class JudgementCard:
    entrant: Hashable
    aspect: str
    judge: Hashable
    score: int


@dataclass(frozen=True)
class Flag:
    """A panel to re-mark: its scores lie more than `max_spread` apart."""

    entrant: Hashable
    aspect: str
    scores: Mapping[Hashable, int]  # judge → score
    spread: int


def _panels(cards: Iterable[JudgementCard]) -> dict[tuple, dict[Hashable, int]]:
    panels: dict[tuple, dict[Hashable, int]] = defaultdict(dict)
    for card in cards:
        key = (card.entrant, card.aspect)
        if isinstance(card.score, bool) or card.score not in SCORES:
            raise ValueError(f"judge {card.judge!r} gave {key!r} the score {card.score!r}, not 0–3")
        if card.judge in panels[key]:
            raise ValueError(f"judge {card.judge!r} scored {key!r} twice")
        panels[key][card.judge] = card.score
    return panels


def judgement_flags(cards: Iterable[JudgementCard], *, max_spread: int = MAX_SPREAD) -> list[Flag]:
    """The panels whose highest and lowest score differ by more than `max_spread`, in
    the order their first card came."""
    out = []
    for (entrant, aspect), scores in _panels(cards).items():
        spread = max(scores.values()) - min(scores.values())
        if spread > max_spread:
            out.append(Flag(entrant, aspect, dict(scores), spread))
    return out


@dataclass(frozen=True)
class JudgeRow:
    judge: Hashable
    scores: int  # scores given on panels of two or more judges
    leniency: Decimal  # mean (score − panel median); + lenient, − severe
    off_median: int  # scores that differ from the panel median
    flagged: int  # panels the judge sat on that were flagged for re-marking


def judge_report(cards: Iterable[JudgementCard], *, max_spread: int = MAX_SPREAD) -> list[JudgeRow]:
    """One row per judge, the most lenient first (then by judge for a stable order)."""
    total: dict[Hashable, Decimal] = defaultdict(Decimal)
    counts: dict[Hashable, int] = defaultdict(int)
    off: dict[Hashable, int] = defaultdict(int)
    flagged: dict[Hashable, int] = defaultdict(int)
    judges: list[Hashable] = []
    for scores in _panels(cards).values():
        for judge in scores:
            if judge not in counts:
                counts[judge] = 0
                judges.append(judge)
        if len(scores) < 2:
            continue
        mid = Decimal(str(median(scores.values())))
        is_flagged = max(scores.values()) - min(scores.values()) > max_spread
        for judge, score in scores.items():
            diff = score - mid
            total[judge] += diff
            counts[judge] += 1
            off[judge] += diff != 0
            flagged[judge] += is_flagged
    rows = []
    for judge in judges:
        n = counts[judge]
        leniency = total[judge] / n if n else Decimal(0)
        rows.append(
            JudgeRow(
                judge,
                n,
                leniency.quantize(LENIENCY_QUANTUM, rounding=ROUND_HALF_UP),
                off[judge],
                flagged[judge],
            )
        )
    return sorted(rows, key=lambda r: (-r.leniency, str(r.judge)))
