"""The marking scheme of a track, the WorldSkills way, and an entrant's total — pure.

A scheme is criteria (letters A–I) → sub-criteria (one marking form each) → aspects.
An aspect is either

- a **measurement** (M): the full mark or zero, unless partial benchmarks are written —
  steps of (condition, mark), each mark above 0 and at most the aspect's maximum; the mark
  awarded must be 0, the maximum, or one of the written steps;
- a **judgement** (J): every judge of the panel (three by default) scores 0–3 against a
  written description of each level (all four descriptions are required); the aspect's
  mark is `max mark × mean(scores) / 3`, rounded half up to 0.01 (`MARK_QUANTUM`).

Each sub-criterion belongs to a part, theory or practical. The parts are weighted (e.g.
theory 30, practical 70; the weights add to 100). The aspects of each part add up to
exactly 100 marks; a weighted theory part with no aspects is marked whole — the exam's own
mark out of 100 is entered as one number (`part_marks`). The entrant's total is
`Σ weight × part raw / 100`, on 0–100, rounded half up to 0.01. Aspect marks are rounded
once, when awarded, and every other figure is an exact sum of them, so a score card's
columns add up.

Everything is `Decimal` (marks, maxima, weights); no float ever enters a total.
Problems carry a stable `code`, where they are (`criterion`/`sub`/`aspect` codes) and a
plain English `message`; the app layer translates by code (`PROBLEM_TEXTS`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

Number = int | Decimal

LETTERS = "ABCDEFGHI"  # WorldSkills criteria: at most nine, A to I
HUNDRED = Decimal(100)
MARK_QUANTUM = Decimal("0.01")  # aspect marks and totals: two decimals, half up
JUDGEMENT_LEVELS = 4  # scores 0, 1, 2, 3
JUDGEMENT_TOP = 3
DEFAULT_JUDGES = 3


class AspectType(StrEnum):
    MEASUREMENT = "M"
    JUDGEMENT = "J"


class Part(StrEnum):
    THEORY = "theory"
    PRACTICAL = "practical"


def dec(value: Number | str | float) -> Decimal:
    """A Decimal from an int, str, Decimal or (read from a spreadsheet) float — the float
    by its shortest repr, so 0.3 stays 0.3."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a mark is not a boolean")
    return Decimal(str(value))


def round_mark(value: Decimal) -> Decimal:
    return value.quantize(MARK_QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Benchmark:
    """A partial-mark step of a measurement aspect: the condition met, and its mark."""

    condition: str
    mark: Decimal


@dataclass(frozen=True)
class Aspect:
    code: str  # unique in the scheme, e.g. "A1.3"
    kind: AspectType
    description: str
    max_mark: Decimal
    benchmarks: tuple[Benchmark, ...] = ()  # measurement only
    levels: tuple[str, ...] = ()  # judgement only: the descriptions of scores 0..3
    standards_ref: str = ""  # the section of the standards specification it assesses


@dataclass(frozen=True)
class SubCriterion:
    code: str  # "A1": starts with its criterion's letter
    name: str
    aspects: tuple[Aspect, ...]
    part: Part = Part.PRACTICAL

    @property
    def max_mark(self) -> Decimal:
        return sum((a.max_mark for a in self.aspects), Decimal(0))


@dataclass(frozen=True)
class Criterion:
    letter: str
    name: str
    sub_criteria: tuple[SubCriterion, ...]

    @property
    def max_mark(self) -> Decimal:
        return sum((s.max_mark for s in self.sub_criteria), Decimal(0))


@dataclass(frozen=True)
class Scheme:
    criteria: tuple[Criterion, ...]
    weights: Mapping[Part, Decimal] = field(default_factory=lambda: {Part.PRACTICAL: Decimal(100)})
    judges: int = DEFAULT_JUDGES

    def aspects(self):
        """(criterion, sub-criterion, aspect) in scheme order."""
        for c in self.criteria:
            for s in c.sub_criteria:
                for a in s.aspects:
                    yield c, s, a

    def aspect(self, code: str) -> Aspect:
        for _c, _s, a in self.aspects():
            if a.code == code:
                return a
        raise KeyError(code)

    def part_max(self, part: Part) -> Decimal:
        return sum(
            (s.max_mark for c in self.criteria for s in c.sub_criteria if s.part == part),
            Decimal(0),
        )

    def parts_marked_whole(self) -> tuple[Part, ...]:
        """The theory part, when it is weighted and has no aspects: its mark out of 100 (an
        exam's) is entered as one number. The practical part always has its aspects."""
        with_aspects = {s.part for c in self.criteria for s in c.sub_criteria if s.aspects}
        return tuple(p for p in self.weights if p == Part.THEORY and p not in with_aspects)


# ---------------------------------------------------------------------------- problems

PROBLEM_TEXTS: dict[str, str] = {
    "no_criteria": "The marking scheme has no criteria.",
    "bad_letter": "Criterion {where}: the letter must be one of A to I.",
    "duplicate_letter": "Criterion {where} appears more than once.",
    "no_name": "{where}: the name is empty.",
    "no_sub_criteria": "Criterion {where} has no sub-criteria.",
    "sub_code_letter": "Sub-criterion {where} does not start with its criterion's letter.",
    "duplicate_sub": "Sub-criterion {where} appears more than once.",
    "no_aspects": "Sub-criterion {where} has no aspects.",
    "part_unweighted": "Sub-criterion {where} belongs to a part with no weight ({detail}).",
    "duplicate_aspect": "Aspect {where} appears more than once.",
    "no_description": "Aspect {where}: the description is empty.",
    "bad_max": "Aspect {where}: the maximum mark must be above 0 with at most two decimals.",
    "benchmark_on_judgement": "Aspect {where} is a judgement: it takes level descriptions, not benchmarks.",
    "levels_on_measurement": "Aspect {where} is a measurement: it takes benchmarks, not level descriptions.",
    "benchmark_condition": "Aspect {where}: benchmark {detail} has no condition.",
    "benchmark_mark": "Aspect {where}: benchmark {detail} must be above 0 and at most the maximum mark.",
    "duplicate_benchmark": "Aspect {where}: two benchmarks give the same mark ({detail}).",
    "levels_count": "Aspect {where}: a judgement needs the descriptions of all four levels 0–3.",
    "level_missing": "Aspect {where}: the description of level {detail} is empty.",
    "part_total": "The {where} part's aspects add up to {detail}, not 100.",
    "weights_total": "The part weights add up to {detail}, not 100.",
    "bad_weight": "The weight of the {where} part must be above 0.",
    "bad_judges": "A judgement panel needs at least three judges.",
}


@dataclass(frozen=True)
class Problem:
    code: str
    where: str = ""  # the criterion letter, sub-criterion or aspect code, or the part
    detail: str = ""

    @property
    def message(self) -> str:
        return PROBLEM_TEXTS[self.code].format(where=self.where, detail=self.detail)


def _places_ok(value: Decimal) -> bool:
    return value == value.quantize(MARK_QUANTUM)


def scheme_validate(scheme: Scheme) -> list[Problem]:
    """Every problem of the scheme, in scheme order; an empty list means it can be used."""
    out: list[Problem] = []
    if not scheme.criteria:
        out.append(Problem("no_criteria"))
    if scheme.judges < DEFAULT_JUDGES:
        out.append(Problem("bad_judges", detail=str(scheme.judges)))
    letters: set[str] = set()
    subs: set[str] = set()
    aspects: set[str] = set()
    for c in scheme.criteria:
        if len(c.letter) != 1 or c.letter not in LETTERS:
            out.append(Problem("bad_letter", c.letter))
        elif c.letter in letters:
            out.append(Problem("duplicate_letter", c.letter))
        letters.add(c.letter)
        if not c.name.strip():
            out.append(Problem("no_name", c.letter))
        if not c.sub_criteria:
            out.append(Problem("no_sub_criteria", c.letter))
        for s in c.sub_criteria:
            out.extend(_sub_problems(scheme, c, s, subs))
            for a in s.aspects:
                if a.code in aspects:
                    out.append(Problem("duplicate_aspect", a.code))
                aspects.add(a.code)
                out.extend(_aspect_problems(a))
    out.extend(_weight_problems(scheme))
    return out


def _sub_problems(scheme: Scheme, c: Criterion, s: SubCriterion, seen: set[str]) -> list[Problem]:
    out = []
    if not s.code.startswith(c.letter):
        out.append(Problem("sub_code_letter", s.code))
    if s.code in seen:
        out.append(Problem("duplicate_sub", s.code))
    seen.add(s.code)
    if not s.name.strip():
        out.append(Problem("no_name", s.code))
    if not s.aspects:
        out.append(Problem("no_aspects", s.code))
    if s.part not in scheme.weights:
        out.append(Problem("part_unweighted", s.code, str(s.part)))
    return out


def _aspect_problems(a: Aspect) -> list[Problem]:
    out = []
    if not a.description.strip():
        out.append(Problem("no_description", a.code))
    if a.max_mark <= 0 or not _places_ok(a.max_mark):
        out.append(Problem("bad_max", a.code, str(a.max_mark)))
    if a.kind == AspectType.MEASUREMENT:
        if a.levels:
            out.append(Problem("levels_on_measurement", a.code))
        marks: set[Decimal] = set()
        for i, b in enumerate(a.benchmarks, start=1):
            if not b.condition.strip():
                out.append(Problem("benchmark_condition", a.code, str(i)))
            if not (0 < b.mark <= a.max_mark) or not _places_ok(b.mark):
                out.append(Problem("benchmark_mark", a.code, f"{i} ({b.mark})"))
            if b.mark in marks:
                out.append(Problem("duplicate_benchmark", a.code, str(b.mark)))
            marks.add(b.mark)
    else:
        if a.benchmarks:
            out.append(Problem("benchmark_on_judgement", a.code))
        if len(a.levels) != JUDGEMENT_LEVELS:
            out.append(Problem("levels_count", a.code, str(len(a.levels))))
        for level, text in enumerate(a.levels):
            if not text.strip():
                out.append(Problem("level_missing", a.code, str(level)))
    return out


def _weight_problems(scheme: Scheme) -> list[Problem]:
    out = []
    for part, weight in scheme.weights.items():
        if weight <= 0:
            out.append(Problem("bad_weight", str(part)))
    total = sum(scheme.weights.values(), Decimal(0))
    if total != HUNDRED:
        out.append(Problem("weights_total", detail=str(total)))
    for part in scheme.weights:
        if part in scheme.parts_marked_whole():
            continue
        part_total = scheme.part_max(part)
        if part_total != HUNDRED:
            out.append(Problem("part_total", str(part), str(part_total)))
    return out


# ---------------------------------------------------------------------------- marks

JudgementScores = Sequence[int]
MarkValue = Number | JudgementScores


class MarkError(ValueError):
    """Marks that do not fit the scheme; `problems` names each aspect."""

    def __init__(self, problems: list[MarkProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


MARK_TEXTS: dict[str, str] = {
    "unknown_aspect": "Aspect {where} is not in the marking scheme.",
    "measurement_value": "Aspect {where}: a measurement is marked 0, the maximum or a written benchmark ({detail}).",
    "judgement_count": "Aspect {where}: {detail} judges' scores are needed.",
    "judgement_value": "Aspect {where}: each judge scores a whole number from 0 to 3 ({detail}).",
    "part_mark": "The {where} part is marked out of 100 ({detail}).",
}


@dataclass(frozen=True)
class MarkProblem:
    code: str
    where: str
    detail: str = ""

    @property
    def message(self) -> str:
        return MARK_TEXTS[self.code].format(where=self.where, detail=self.detail)


def measurement_allowed(aspect: Aspect) -> tuple[Decimal, ...]:
    """The marks a measurement aspect may be awarded: 0, the written steps, the maximum."""
    return tuple(sorted({Decimal(0), aspect.max_mark, *(b.mark for b in aspect.benchmarks)}))


def judgement_mark(aspect: Aspect, scores: JudgementScores) -> Decimal:
    """`max × mean(scores) / 3`, rounded half up to 0.01 (the one rounding of a judgement)."""
    with localcontext(Context(prec=28)):
        return round_mark(aspect.max_mark * sum(scores) / (len(scores) * JUDGEMENT_TOP))


def aspect_mark(scheme: Scheme, aspect: Aspect, value: MarkValue) -> Decimal:
    """The mark awarded for one aspect; MarkError when the value does not fit it."""
    problem = _mark_problem(scheme, aspect, value)
    if problem:
        raise MarkError([problem])
    if aspect.kind == AspectType.JUDGEMENT:
        return judgement_mark(aspect, value)  # type: ignore[arg-type]
    return dec(value)  # type: ignore[arg-type]


def _mark_problem(scheme: Scheme, aspect: Aspect, value: MarkValue) -> MarkProblem | None:
    if aspect.kind == AspectType.MEASUREMENT:
        if isinstance(value, (Sequence, bool)) or not isinstance(value, (int, Decimal)):
            return MarkProblem("measurement_value", aspect.code, repr(value))
        if dec(value) not in measurement_allowed(aspect):
            return MarkProblem("measurement_value", aspect.code, str(value))
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return MarkProblem("judgement_count", aspect.code, str(scheme.judges))
    if len(value) != scheme.judges:
        return MarkProblem("judgement_count", aspect.code, str(scheme.judges))
    for s in value:
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= JUDGEMENT_TOP:
            return MarkProblem("judgement_value", aspect.code, repr(s))
    return None


def marks_validate(
    scheme: Scheme,
    marks: Mapping[str, MarkValue],
    part_marks: Mapping[Part, Number] | None = None,
) -> list[MarkProblem]:
    """Every mark that does not fit the scheme (unknown aspect, a measurement off its
    steps, a judgement with the wrong number of scores or a score outside 0–3)."""
    by_code = {a.code: a for _c, _s, a in scheme.aspects()}
    out = []
    for code, value in marks.items():
        aspect = by_code.get(code)
        if aspect is None:
            out.append(MarkProblem("unknown_aspect", code))
            continue
        problem = _mark_problem(scheme, aspect, value)
        if problem:
            out.append(problem)
    for part, value in (part_marks or {}).items():
        if part not in scheme.parts_marked_whole() or not 0 <= dec(value) <= HUNDRED:
            out.append(MarkProblem("part_mark", str(part), str(value)))
    return out


# ---------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class SubCriterionResult:
    code: str
    name: str
    part: Part
    max_mark: Decimal
    measurement: Decimal  # the marks of its measurement aspects
    judgement: Decimal  # the marks of its judgement aspects

    @property
    def mark(self) -> Decimal:
        return self.measurement + self.judgement


@dataclass(frozen=True)
class CriterionResult:
    letter: str
    name: str
    max_mark: Decimal
    sub_criteria: tuple[SubCriterionResult, ...]

    @property
    def measurement(self) -> Decimal:
        return sum((s.measurement for s in self.sub_criteria), Decimal(0))

    @property
    def judgement(self) -> Decimal:
        return sum((s.judgement for s in self.sub_criteria), Decimal(0))

    @property
    def mark(self) -> Decimal:
        return self.measurement + self.judgement


@dataclass(frozen=True)
class PartResult:
    part: Part
    weight: Decimal
    raw: Decimal  # out of 100
    weighted: Decimal  # weight × raw / 100, exact


@dataclass(frozen=True)
class Breakdown:
    """An entrant's raw marks by criterion and sub-criterion, the parts and the weighted
    total. `missing` lists the aspects (and whole-marked parts) not yet marked, which
    count 0 until they are; `complete` is False while any is missing."""

    criteria: tuple[CriterionResult, ...]
    parts: tuple[PartResult, ...]
    total: Decimal
    aspect_marks: Mapping[str, Decimal]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def part(self, part: Part) -> PartResult | None:
        return next((p for p in self.parts if p.part == part), None)

    @property
    def raw(self) -> Decimal:
        """Σ of every aspect mark (unweighted)."""
        return sum((c.mark for c in self.criteria), Decimal(0))


def entrant_total(
    scheme: Scheme,
    marks: Mapping[str, MarkValue],
    part_marks: Mapping[Part, Number] | None = None,
) -> Breakdown:
    """The entrant's breakdown: `marks` maps aspect codes to a measurement's mark or a
    judgement's scores (one per judge); `part_marks` gives the mark out of 100 of a part
    marked whole. MarkError if any mark does not fit the scheme."""
    part_marks = part_marks or {}
    problems = marks_validate(scheme, marks, part_marks)
    if problems:
        raise MarkError(problems)
    awarded: dict[str, Decimal] = {}
    missing: list[str] = []
    criteria = []
    for c in scheme.criteria:
        subs = []
        for s in c.sub_criteria:
            m = j = Decimal(0)
            for a in s.aspects:
                if a.code not in marks:
                    missing.append(a.code)
                    continue
                value = aspect_mark(scheme, a, marks[a.code])
                awarded[a.code] = value
                if a.kind == AspectType.JUDGEMENT:
                    j += value
                else:
                    m += value
            subs.append(SubCriterionResult(s.code, s.name, s.part, s.max_mark, m, j))
        criteria.append(CriterionResult(c.letter, c.name, c.max_mark, tuple(subs)))
    whole = scheme.parts_marked_whole()
    parts = []
    for part, weight in scheme.weights.items():
        if part in whole:
            if part not in part_marks:
                missing.append(str(part))
            raw = dec(part_marks.get(part, 0))
        else:
            raw = sum(
                (s.mark for c in criteria for s in c.sub_criteria if s.part == part), Decimal(0)
            )
        parts.append(PartResult(part, weight, raw, weight * raw / HUNDRED))
    total = round_mark(sum((p.weighted for p in parts), Decimal(0)))
    return Breakdown(tuple(criteria), tuple(parts), total, awarded, tuple(missing))
