"""The marking scheme as spreadsheet rows: round trip, the people's layout (merged cells,
Chinese headers, blank aspect codes), and errors by row."""

from decimal import Decimal as D

from jiangxin.competitions.domain.marking import AspectType, Benchmark, Part
from jiangxin.competitions.domain.scheme_xlsx import scheme_from_rows, scheme_to_rows

from .test_domain_marking import LEVELS, sample_scheme

EN_HEADER = [
    "Criterion",
    "Criterion name",
    "Sub-criterion",
    "Sub-criterion name",
    "Part",
    "Aspect",
    "Type (M/J)",
    "Description",
    "Standards section",
    "Max mark",
    "Judgement 0",
    "Judgement 1",
    "Judgement 2",
    "Judgement 3",
    "Benchmark 1",
    "Benchmark 1 mark",
]


def test_round_trip_in_both_languages():
    scheme = sample_scheme()
    for lang in ("zh", "en"):
        rows = scheme_to_rows(scheme, lang=lang)
        result = scheme_from_rows(rows)
        assert result.errors == ()
        assert result.scheme == scheme
    zh = scheme_to_rows(scheme)
    assert zh[0] == ["权重", "理论", 30]
    assert zh[3][:3] == ["模块", "模块名称", "子模块"]
    assert zh[3][-2:] == ["测量标准2", "测量标准2分值"]  # A1.2 has two benchmarks
    a12 = next(r for r in zh if len(r) > 5 and r[5] == "A1.2")
    assert a12[-4:] == ["within ±0.5 mm", 3, "within ±1 mm", 1]


def test_reads_merged_cells_blank_codes_floats_and_chinese_words():
    rows = [
        ["Weight", "实操", 100],
        [],
        EN_HEADER,
        ["A", "Preparation", "A1", "Safety", "实操", "", "测量", "Guard fitted", "", 40.0],
        [
            None,
            None,
            None,
            None,
            None,
            None,
            "M",
            "Alignment",
            "",
            10,
            *[""] * 4,
            "within 1 mm",
            2.5,
        ],
        [None, None, "A2", "Finish", None, None, "评价", "Tidy", "", 50, *LEVELS],
    ]
    result = scheme_from_rows(rows)
    assert result.errors == ()
    s = result.scheme
    assert s.weights == {Part.PRACTICAL: D(100)}
    (a,) = s.criteria
    assert [sub.code for sub in a.sub_criteria] == ["A1", "A2"]
    assert [x.code for x in a.sub_criteria[0].aspects] == ["A1.1", "A1.2"]
    assert s.aspect("A1.2").benchmarks == (Benchmark("within 1 mm", D("2.5")),)
    assert s.aspect("A2.1").kind == AspectType.JUDGEMENT and s.aspect("A2.1").levels == LEVELS
    assert s.aspect("A1.1").max_mark == D(40)


def test_errors_name_the_row_and_column_and_nothing_is_returned():
    rows = [
        ["Judges", "three"],
        EN_HEADER,
        ["A", "Preparation", "A1", "Safety", "practical", "A1.1", "X", "Guard", "", 50],
        ["A", "Preparation", "A1", "Safety", "practical", "A1.2", "M", "Align", "", "ten"],
        [
            "A",
            "Preparation",
            "A1",
            "Safety",
            "practical",
            "A1.3",
            "M",
            "Rule",
            "",
            10,
            *[""] * 4,
            "",
            5,
        ],
        ["A", "Other name", "A2", "Finish", "practical", "A2.1", "M", "Tidy", "", 10],
    ]
    result = scheme_from_rows(rows)
    assert result.scheme is None
    found = [(e.row, e.code, e.column) for e in result.errors]
    assert found == [
        (1, "bad_number", ""),
        (3, "bad_type", "Type (M/J)"),
        (4, "bad_number", "Max mark"),
        (5, "benchmark_half", ""),
        (6, "name_conflict", "Criterion name"),
    ]
    assert all(e.message for e in result.errors)


def test_scheme_problems_come_back_on_the_aspect_row():
    rows = [
        EN_HEADER,
        ["A", "Preparation", "A1", "Safety", "practical", "A1.1", "M", "Guard", "", 60],
        [
            "A",
            "Preparation",
            "A1",
            "Safety",
            "practical",
            "A1.2",
            "J",
            "Tidy",
            "",
            30,
            "none",
            "",
            "ok",
            "great",
        ],
        [
            "B",
            "Finish",
            "B1",
            "Paint",
            "theory",
            "B1.1",
            "M",
            "Even coat",
            "",
            20,
            *[""] * 4,
            "thin",
            25,
        ],
    ]
    result = scheme_from_rows(rows)
    assert result.scheme is None
    found = [(e.row, e.code) for e in result.errors]
    assert found == [
        (3, "level_missing"),  # A1.2 lacks the level-1 description
        (4, "part_unweighted"),  # theory has no weight row
        (4, "benchmark_mark"),  # 25 > 20
        (1, "part_total"),  # practical adds to 90
    ]
    assert "A1.2" in result.errors[0].message and "1" in result.errors[0].message


def test_header_problems():
    errs = scheme_from_rows([["Title"], ["Judges", 3]]).errors
    assert [(e.row, e.code) for e in errs] == [(1, "bad_setting"), (2, "no_header")]
    assert [e.code for e in scheme_from_rows([]).errors] == ["no_header"]
    no_max = [h for h in EN_HEADER if h != "Max mark"]
    errs = scheme_from_rows([no_max]).errors
    assert [(e.row, e.code, e.detail) for e in errs] == [(1, "missing_column", "Max mark")]
    assert [e.code for e in scheme_from_rows([EN_HEADER, [None, ""]]).errors] == ["no_aspects"]
    sub_moved = [
        EN_HEADER,
        ["A", "P", "A1", "S", "practical", "A1.1", "M", "x", "", 50],
        ["B", "Q", "A1", "S", "practical", "B1.1", "M", "y", "", 50],
    ]
    assert [(e.row, e.code) for e in scheme_from_rows(sub_moved).errors] == [(3, "name_conflict")]
