"""A marking scheme as spreadsheet rows, both ways — pure, over plain lists of cells
(the import framework reads and writes the workbook).

The layout is the flat CIS-style sheet people already keep, one row per aspect::

    Weight | practical | 70            ← optional settings rows above the header
    Weight | theory    | 30
    Judges | 3
    Criterion | Criterion name | Sub-criterion | Sub-criterion name | Part | Aspect |
      Type (M/J) | Description | Standards section | Max mark |
      Judgement 0 | Judgement 1 | Judgement 2 | Judgement 3 |
      Benchmark 1 | Benchmark 1 mark | Benchmark 2 | Benchmark 2 mark | …
    A | Preparation | A1 | Safety | practical | A1.1 | J | Work area safe | 1.1 | 2 | …

Headers are read in English or Chinese (模块, 子模块, 评分项, …) and in any order; the
benchmark columns come in (condition, mark) pairs, as many as needed. Blank criterion and
sub-criterion cells repeat the row above (merged cells read blank); a blank aspect code
is numbered within its sub-criterion (A1.1, A1.2, …). Without weight rows the scheme is
all practical (100). Every error names its spreadsheet row (1-based, counting the rows
given) and, where it has one, the column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .marking import (
    DEFAULT_JUDGES,
    Aspect,
    AspectType,
    Benchmark,
    Criterion,
    Part,
    Scheme,
    SubCriterion,
    dec,
    scheme_validate,
)

Cell = Any
Row = Sequence[Cell]

COLUMNS: dict[str, tuple[str, str]] = {  # key → (English, Chinese) header
    "criterion": ("Criterion", "模块"),
    "criterion_name": ("Criterion name", "模块名称"),
    "sub": ("Sub-criterion", "子模块"),
    "sub_name": ("Sub-criterion name", "子模块名称"),
    "part": ("Part", "部分"),
    "aspect": ("Aspect", "评分项"),
    "type": ("Type (M/J)", "类型(M/J)"),
    "description": ("Description", "评分项描述"),
    "standards_ref": ("Standards section", "技术标准条目"),
    "max_mark": ("Max mark", "分值"),
    "level0": ("Judgement 0", "评价0分描述"),
    "level1": ("Judgement 1", "评价1分描述"),
    "level2": ("Judgement 2", "评价2分描述"),
    "level3": ("Judgement 3", "评价3分描述"),
}
REQUIRED = ("criterion", "sub", "type", "description", "max_mark")
BENCHMARK_HEADERS = {
    "en": ("Benchmark {n}", "Benchmark {n} mark"),
    "zh": ("测量标准{n}", "测量标准{n}分值"),
}
_BENCHMARK = re.compile(r"^(?:benchmark\s*|测量标准)(\d+)(\s*mark|分值)?$", re.IGNORECASE)
SETTING_WEIGHT = ("Weight", "权重")
SETTING_JUDGES = ("Judges", "裁判人数")
PART_NAMES = {Part.THEORY: ("theory", "理论"), Part.PRACTICAL: ("practical", "实操")}
TYPE_NAMES = {AspectType.MEASUREMENT: ("M", "测量"), AspectType.JUDGEMENT: ("J", "评价")}

ROW_TEXTS = {
    "no_header": "No header row: the first column of the header reads 'Criterion' (模块).",
    "missing_column": "Column '{detail}' is missing from the header.",
    "bad_setting": "'{detail}' is not a setting (Weight or Judges).",
    "bad_part": "'{detail}' is not a part (theory or practical).",
    "bad_number": "'{detail}' is not a number.",
    "bad_type": "'{detail}' is not an aspect type (M or J).",
    "required": "This cell is empty.",
    "name_conflict": "'{detail}' was given another name, part or criterion on an earlier row.",
    "benchmark_half": "Benchmark {detail} needs both its condition and its mark.",
    "no_aspects": "The sheet has no aspect rows.",
}


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based
    code: str
    column: str = ""  # the header of the cell, when one cell is wrong
    detail: str = ""
    message: str = ""  # set from ROW_TEXTS or from the scheme problem


@dataclass(frozen=True)
class SchemeImport:
    scheme: Scheme | None  # None when there is any error
    errors: tuple[RowError, ...]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _match(value: str, names: dict) -> Any:
    low = value.strip().lower()
    for key, options in names.items():
        if low in (o.lower() for o in options):
            return key
    return None


def _number(cell: Cell) -> Decimal | None:
    if isinstance(cell, bool):
        return None
    try:
        value = dec(cell) if isinstance(cell, (int, float, Decimal)) else Decimal(_text(cell))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _err(row: int, code: str, column: str = "", detail: str = "") -> RowError:
    return RowError(row, code, column, detail, ROW_TEXTS[code].format(detail=detail))


class _Reader:
    def __init__(self, rows: Sequence[Row]):
        self.rows = rows
        self.errors: list[RowError] = []
        self.weights: dict[Part, Decimal] = {}
        self.judges = DEFAULT_JUDGES
        self.setting_row = 0
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        self.benchmarks: dict[int, list[int | None]] = {}
        # what was built, in sheet order, and where
        self.criteria: dict[str, dict] = {}
        self.rows_of: dict[str, int] = {}

    def cell(self, row: Row, key: str) -> Cell:
        i = self.columns.get(key)
        return row[i] if i is not None and i < len(row) else None

    def read(self) -> SchemeImport:
        header_at = self._settings()
        if header_at is None:
            return SchemeImport(None, (*self.errors, _err(len(self.rows) or 1, "no_header")))
        before = len(self.errors)
        self._header(header_at)
        if len(self.errors) == before:
            self._aspects(header_at)
        if self.errors:
            return SchemeImport(None, tuple(self.errors))
        scheme = self._scheme()
        errors = [self._problem_row(p) for p in scheme_validate(scheme)]
        return SchemeImport(None if errors else scheme, tuple(errors))

    def _settings(self) -> int | None:
        for i, row in enumerate(self.rows):
            first = _text(row[0]) if row else ""
            if not first:
                continue
            if _match(first, {"h": COLUMNS["criterion"]}):
                return i
            n = i + 1
            if _match(first, {"w": SETTING_WEIGHT}):
                part = _match(_text(row[1]) if len(row) > 1 else "", PART_NAMES)
                weight = _number(row[2]) if len(row) > 2 else None
                if part is None:
                    self.errors.append(
                        _err(n, "bad_part", detail=_text(row[1]) if len(row) > 1 else "")
                    )
                elif weight is None:
                    self.errors.append(
                        _err(n, "bad_number", detail=_text(row[2]) if len(row) > 2 else "")
                    )
                else:
                    self.weights[part] = weight
                    self.setting_row = self.setting_row or n
            elif _match(first, {"j": SETTING_JUDGES}):
                judges = _number(row[1]) if len(row) > 1 else None
                if judges is None or judges != judges.to_integral_value():
                    self.errors.append(
                        _err(n, "bad_number", detail=_text(row[1]) if len(row) > 1 else "")
                    )
                else:
                    self.judges = int(judges)
            else:
                self.errors.append(_err(n, "bad_setting", detail=first))
        return None

    def _header(self, at: int) -> None:
        for i, cell in enumerate(self.rows[at]):
            text = _text(cell)
            key = _match(text, COLUMNS)
            if key:
                self.columns[key] = i
                self.headers[key] = text
                continue
            m = _BENCHMARK.match(text)
            if m:
                slot = self.benchmarks.setdefault(int(m.group(1)), [None, None])
                slot[1 if m.group(2) else 0] = i
        for key in REQUIRED:
            if key not in self.columns:
                self.errors.append(_err(at + 1, "missing_column", detail=COLUMNS[key][0]))

    def _aspects(self, at: int) -> None:
        above = {"criterion": "", "criterion_name": "", "sub": "", "sub_name": "", "part": ""}
        seen_any = False
        for i in range(at + 1, len(self.rows)):
            row, n = self.rows[i], i + 1
            if not any(_text(c) for c in row):
                continue
            seen_any = True
            values = {k: _text(self.cell(row, k)) for k in above}
            if values["criterion"] and values["criterion"] != above["criterion"]:
                above = dict.fromkeys(above, "")
            elif values["sub"] and values["sub"] != above["sub"]:
                above.update(sub="", sub_name="", part="")
            for k in above:
                values[k] = values[k] or above[k]
            above = values
            self._aspect_row(n, row, values)
        if not seen_any:
            self.errors.append(_err(at + 1, "no_aspects"))

    def _aspect_row(self, n: int, row: Row, v: dict[str, str]) -> None:
        start = len(self.errors)
        for key in ("criterion", "sub"):
            if not v[key]:
                self.errors.append(_err(n, "required", self.headers.get(key, COLUMNS[key][0])))
        part = Part.PRACTICAL
        if v["part"]:
            part = _match(v["part"], PART_NAMES)
            if part is None:
                self.errors.append(_err(n, "bad_part", self.headers["part"], v["part"]))
        kind = _match(_text(self.cell(row, "type")), TYPE_NAMES)
        if kind is None:
            self.errors.append(
                _err(n, "bad_type", self.headers["type"], _text(self.cell(row, "type")))
            )
        max_mark = _number(self.cell(row, "max_mark"))
        if max_mark is None:
            self.errors.append(
                _err(n, "bad_number", self.headers["max_mark"], _text(self.cell(row, "max_mark")))
            )
        levels = tuple(_text(self.cell(row, f"level{k}")) for k in range(4))
        benchmarks = []
        for number in sorted(self.benchmarks):
            ci, mi = self.benchmarks[number]
            condition = _text(row[ci]) if ci is not None and ci < len(row) else ""
            raw_mark = row[mi] if mi is not None and mi < len(row) else None
            if not condition and not _text(raw_mark):
                continue
            mark = _number(raw_mark)
            if not condition or mark is None:
                self.errors.append(_err(n, "benchmark_half", detail=str(number)))
                continue
            benchmarks.append(Benchmark(condition, mark))
        if not v["criterion"] or not v["sub"] or part is None:
            return
        crit = self.criteria.setdefault(v["criterion"], {"name": v["criterion_name"], "subs": {}})
        self.rows_of.setdefault(v["criterion"], n)
        if v["criterion_name"] and crit["name"] != v["criterion_name"]:
            self.errors.append(
                _err(n, "name_conflict", self.headers.get("criterion_name", ""), v["criterion"])
            )
            return
        sub = self._sub(n, v, part, crit)
        if sub is None or len(self.errors) > start:
            return
        if kind == AspectType.MEASUREMENT and not any(levels):
            levels = ()
        code = _text(self.cell(row, "aspect")) or f"{v['sub']}.{len(sub['aspects']) + 1}"
        self.rows_of.setdefault(code, n)
        sub["aspects"].append(
            Aspect(
                code=code,
                kind=kind,
                description=_text(self.cell(row, "description")),
                max_mark=max_mark,  # type: ignore[arg-type]
                benchmarks=tuple(benchmarks),
                levels=levels,
                standards_ref=_text(self.cell(row, "standards_ref")),
            )
        )

    def _sub(self, n: int, v: dict[str, str], part: Part, crit: dict) -> dict | None:
        owner = next((c for c, data in self.criteria.items() if v["sub"] in data["subs"]), None)
        if owner is not None and owner != v["criterion"]:
            self.errors.append(_err(n, "name_conflict", self.headers.get("sub", ""), v["sub"]))
            return None
        sub = crit["subs"].setdefault(
            v["sub"], {"name": v["sub_name"], "part": part, "aspects": []}
        )
        self.rows_of.setdefault(v["sub"], n)
        if (v["sub_name"] and sub["name"] != v["sub_name"]) or sub["part"] != part:
            self.errors.append(_err(n, "name_conflict", self.headers.get("sub_name", ""), v["sub"]))
            return None
        return sub

    def _scheme(self) -> Scheme:
        criteria = tuple(
            Criterion(
                letter,
                data["name"],
                tuple(
                    SubCriterion(code, sub["name"], tuple(sub["aspects"]), sub["part"])
                    for code, sub in data["subs"].items()
                ),
            )
            for letter, data in self.criteria.items()
        )
        weights = self.weights or {Part.PRACTICAL: Decimal(100)}
        return Scheme(criteria, weights, self.judges)

    def _problem_row(self, problem) -> RowError:
        row = self.rows_of.get(problem.where) or self.setting_row or 1
        return RowError(row, problem.code, "", problem.detail, problem.message)


def scheme_from_rows(rows: Sequence[Row]) -> SchemeImport:
    """The scheme read from a sheet's rows (each a sequence of cell values), with every
    error of the sheet and of the scheme (`scheme_validate`) by row; the scheme is None
    unless there are none."""
    return _Reader(rows).read()


def _cell(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral_value() else value


def scheme_to_rows(scheme: Scheme, *, lang: str = "zh") -> list[list[Cell]]:
    """The sheet's rows for `scheme` (settings, header, one row per aspect), headers in
    Chinese (`lang="zh"`) or English; `scheme_from_rows` reads them back to an equal
    scheme."""
    i = 1 if lang == "zh" else 0
    rows: list[list[Cell]] = []
    for part, weight in scheme.weights.items():
        rows.append([SETTING_WEIGHT[i], PART_NAMES[Part(part)][i], _cell(weight)])
    rows.append([SETTING_JUDGES[i], scheme.judges])
    most = max((len(a.benchmarks) for _c, _s, a in scheme.aspects()), default=0)
    header = [names[i] for names in COLUMNS.values()]
    for n in range(1, most + 1):
        header += [h.format(n=n) for h in BENCHMARK_HEADERS[lang if lang == "zh" else "en"]]
    rows.append(header)
    for c, s, a in scheme.aspects():
        levels = list(a.levels) + [""] * (4 - len(a.levels))
        row: list[Cell] = [
            c.letter,
            c.name,
            s.code,
            s.name,
            PART_NAMES[s.part][i],
            a.code,
            TYPE_NAMES[a.kind][0],
            a.description,
            a.standards_ref,
            _cell(a.max_mark),
            *levels[:4],
        ]
        for b in a.benchmarks:
            row += [b.condition, _cell(b.mark)]
        row += [""] * (len(header) - len(row))
        rows.append(row)
    return rows
