"""The marking scheme, the WorldSkills way: validation naming where each problem is,
measurement and judgement marks, and the entrant's weighted breakdown (no database)."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from jiangxin.competitions.domain.marking import (
    Aspect,
    AspectType,
    Benchmark,
    Criterion,
    MarkError,
    Part,
    Scheme,
    SubCriterion,
    aspect_mark,
    entrant_total,
    judgement_mark,
    marks_validate,
    measurement_allowed,
    scheme_validate,
)

M, J = AspectType.MEASUREMENT, AspectType.JUDGEMENT
LEVELS = ("Not done", "Below industry standard", "Industry standard", "Excellent")


def sample_scheme() -> Scheme:
    """Practical 70 (aspects add to 100), theory 30 marked whole (an exam out of 100)."""
    a1 = SubCriterion(
        "A1",
        "Safety and set-up",
        (
            Aspect("A1.1", M, "Guard fitted", D(5)),
            Aspect(
                "A1.2",
                M,
                "Alignment",
                D(5),
                benchmarks=(Benchmark("within ±0.5 mm", D(3)), Benchmark("within ±1 mm", D(1))),
                standards_ref="2.1",
            ),
            Aspect("A1.3", J, "Work area kept tidy", D(10), levels=LEVELS),
        ),
    )
    a2 = SubCriterion("A2", "Wiring", (Aspect("A2.1", M, "Circuit passes the test", D(30)),))
    b1 = SubCriterion(
        "B1",
        "Commissioning",
        (
            Aspect("B1.1", J, "Quality of the finish", D(30), levels=LEVELS),
            Aspect("B1.2", M, "Runs at rated speed", D(20)),
        ),
    )
    return Scheme(
        (Criterion("A", "Preparation", (a1, a2)), Criterion("B", "Commissioning", (b1,))),
        {Part.THEORY: D(30), Part.PRACTICAL: D(70)},
    )


def codes(problems):
    return [(p.code, p.where) for p in problems]


def test_scheme_validate_accepts_the_sample():
    assert scheme_validate(sample_scheme()) == []


def test_scheme_validate_names_a_part_whose_aspects_do_not_add_to_100():
    s = sample_scheme()
    b1 = s.criteria[1].sub_criteria[0]
    short = replace(b1, aspects=(b1.aspects[0], replace(b1.aspects[1], max_mark=D("19.99"))))
    s = replace(s, criteria=(s.criteria[0], replace(s.criteria[1], sub_criteria=(short,))))
    problems = scheme_validate(s)
    assert codes(problems) == [("part_total", "practical")]
    assert "99.99" in problems[0].message


def test_scheme_validate_weights_must_add_to_100():
    s = replace(sample_scheme(), weights={Part.THEORY: D(40), Part.PRACTICAL: D(70)})
    assert codes(scheme_validate(s)) == [("weights_total", "")]
    s = replace(sample_scheme(), weights={Part.THEORY: D(0), Part.PRACTICAL: D(100)})
    assert ("bad_weight", "theory") in codes(scheme_validate(s))


def test_scheme_validate_requires_every_judgement_level_description():
    s = sample_scheme()
    a1 = s.criteria[0].sub_criteria[0]
    j = a1.aspects[2]
    for levels, expected in [
        (("Not done", "", "Standard", "Excellent"), [("level_missing", "A1.3")]),
        (("Not done", "Poor", "Standard"), [("levels_count", "A1.3")]),
        ((), [("levels_count", "A1.3")]),
    ]:
        bad = replace(a1, aspects=(*a1.aspects[:2], replace(j, levels=levels)))
        crit = replace(s.criteria[0], sub_criteria=(bad, s.criteria[0].sub_criteria[1]))
        assert codes(scheme_validate(replace(s, criteria=(crit, s.criteria[1])))) == expected


def test_scheme_validate_measurement_benchmarks_within_the_maximum():
    s = sample_scheme()
    a1 = s.criteria[0].sub_criteria[0]
    m = a1.aspects[1]
    cases = [
        ((Benchmark("close", D(6)),), [("benchmark_mark", "A1.2")]),
        ((Benchmark("close", D(0)),), [("benchmark_mark", "A1.2")]),
        ((Benchmark("", D(2)),), [("benchmark_condition", "A1.2")]),
        ((Benchmark("a", D(2)), Benchmark("b", D(2))), [("duplicate_benchmark", "A1.2")]),
        ((Benchmark("full", D(5)),), []),  # a step may be the full mark
    ]
    for benchmarks, expected in cases:
        bad = replace(a1, aspects=(a1.aspects[0], replace(m, benchmarks=benchmarks), a1.aspects[2]))
        crit = replace(s.criteria[0], sub_criteria=(bad, s.criteria[0].sub_criteria[1]))
        assert codes(scheme_validate(replace(s, criteria=(crit, s.criteria[1])))) == expected


def test_scheme_validate_letters_codes_and_types():
    s = sample_scheme()
    a, b = s.criteria
    dup_letter = replace(s, criteria=(a, replace(b, letter="A")))
    problems = codes(scheme_validate(dup_letter))
    assert ("duplicate_letter", "A") in problems
    assert ("sub_code_letter", "B1") in problems
    assert codes(scheme_validate(replace(s, criteria=(a, replace(b, letter="J"))))) == [
        ("bad_letter", "J"),
        ("sub_code_letter", "B1"),
    ]
    a1 = a.sub_criteria[0]
    twisted = replace(
        a1,
        aspects=(
            replace(a1.aspects[0], levels=LEVELS, description=" "),
            replace(a1.aspects[1], code="A1.1"),
            replace(a1.aspects[2], benchmarks=(Benchmark("x", D(1)),)),
        ),
    )
    problems = codes(
        scheme_validate(
            replace(s, criteria=(replace(a, sub_criteria=(twisted, a.sub_criteria[1])), b))
        )
    )
    assert problems == [
        ("no_description", "A1.1"),
        ("levels_on_measurement", "A1.1"),
        ("duplicate_aspect", "A1.1"),
        ("benchmark_on_judgement", "A1.3"),
    ]


def test_scheme_validate_part_without_weight_and_empty_pieces():
    s = sample_scheme()
    a, b = s.criteria
    theory_sub = replace(b.sub_criteria[0], part=Part.THEORY)
    s2 = replace(
        s, criteria=(a, replace(b, sub_criteria=(theory_sub,))), weights={Part.PRACTICAL: D(100)}
    )
    assert codes(scheme_validate(s2)) == [("part_unweighted", "B1"), ("part_total", "practical")]
    assert codes(scheme_validate(Scheme(()))) == [("no_criteria", ""), ("part_total", "practical")]
    empty = Scheme((Criterion("A", "", ()),), judges=2)
    assert codes(scheme_validate(empty)) == [
        ("bad_judges", ""),
        ("no_name", "A"),
        ("no_sub_criteria", "A"),
        ("part_total", "practical"),
    ]


def test_measurement_is_full_zero_or_a_written_step():
    s = sample_scheme()
    plain, stepped = s.aspect("A1.1"), s.aspect("A1.2")
    assert measurement_allowed(plain) == (D(0), D(5))
    assert measurement_allowed(stepped) == (D(0), D(1), D(3), D(5))
    assert aspect_mark(s, stepped, 3) == D(3)
    with pytest.raises(MarkError) as exc:
        aspect_mark(s, plain, 3)
    assert exc.value.problems[0].where == "A1.1"
    with pytest.raises(MarkError):
        aspect_mark(s, plain, (5, 5, 5))


def test_judgement_mark_is_max_times_mean_over_three_rounded_half_up():
    s = sample_scheme()
    j = s.aspect("A1.3")
    assert judgement_mark(j, (3, 3, 3)) == D(10)
    assert judgement_mark(j, (2, 3, 2)) == D("7.78")  # 10 × 7/9 = 7.777…
    assert judgement_mark(j, (1, 1, 1)) == D("3.33")
    # a tie at the third decimal (four judges: 0.06 × 1/12 = 0.005) rounds up
    tiny = Aspect("X1.1", J, "x", D("0.06"), levels=LEVELS)
    assert judgement_mark(tiny, (1, 0, 0, 0)) == D("0.01")


def test_marks_validate_names_each_bad_mark():
    s = sample_scheme()
    problems = marks_validate(
        s,
        {"A1.1": 4, "A1.3": (1, 2), "B1.1": (1, 4, 2), "Z9.9": 1, "A2.1": 30},
        {Part.THEORY: 101},
    )
    assert [(p.code, p.where) for p in problems] == [
        ("measurement_value", "A1.1"),
        ("judgement_count", "A1.3"),
        ("judgement_value", "B1.1"),
        ("unknown_aspect", "Z9.9"),
        ("part_mark", "theory"),
    ]
    assert marks_validate(s, {"A1.3": (1, True, 2)})[0].code == "judgement_value"
    assert marks_validate(s, {}, {Part.PRACTICAL: 50})[0].code == "part_mark"  # has aspects


def test_entrant_total_breaks_down_by_criterion_and_weights_the_parts():
    s = sample_scheme()
    marks = {"A1.1": 5, "A1.2": D(3), "A1.3": (2, 3, 2), "A2.1": 30, "B1.1": (1, 1, 2), "B1.2": 0}
    b = entrant_total(s, marks, {Part.THEORY: D(80)})
    assert b.complete
    a, bb = b.criteria
    assert (a.letter, a.max_mark, a.measurement, a.judgement, a.mark) == (
        "A",
        D(50),
        D(38),
        D("7.78"),
        D("45.78"),
    )
    assert [(x.code, x.mark) for x in a.sub_criteria] == [("A1", D("15.78")), ("A2", D(30))]
    assert (bb.mark, bb.judgement) == (D("13.33"), D("13.33"))
    assert b.raw == D("59.11")
    practical, theory = b.part(Part.PRACTICAL), b.part(Part.THEORY)
    assert (practical.raw, practical.weighted) == (D("59.11"), D("41.377"))
    assert (theory.raw, theory.weighted) == (D(80), D(24))
    assert b.total == D("65.38")  # 24 + 41.377, half up
    assert b.aspect_marks["A1.3"] == D("7.78")


def test_entrant_total_lists_what_is_missing_and_refuses_bad_marks():
    s = sample_scheme()
    b = entrant_total(s, {"A2.1": 30})
    assert not b.complete
    assert b.missing == ("A1.1", "A1.2", "A1.3", "B1.1", "B1.2", "theory")
    assert b.total == D(21)  # 70 × 30 / 100
    with pytest.raises(MarkError) as exc:
        entrant_total(s, {"A2.1": 15})
    assert "A2.1" in str(exc.value)


def test_all_practical_scheme_total_is_the_raw_total():
    s = replace(sample_scheme(), weights={Part.PRACTICAL: D(100)})
    assert scheme_validate(s) == []
    full = {"A1.1": 5, "A1.2": 5, "A1.3": (3, 3, 3), "A2.1": 30, "B1.1": (3, 3, 3), "B1.2": 20}
    b = entrant_total(s, full)
    assert b.total == b.raw == D(100)
    assert [p.part for p in b.parts] == [Part.PRACTICAL]
