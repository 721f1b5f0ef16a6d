"""Surname stroke order (姓氏笔画顺序), the usual order of public lists.

`data/surname_strokes.tsv` holds the stroke counts (simplified characters) of about 300
common surnames, compound surnames (欧阳, 司马 …) included. A name sorts by the strokes of
its surname, then by the surname itself (so one surname's holders stay together), then by
the whole name; a name whose surname is not in the table sorts after all known ones, by
Unicode."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "surname_strokes.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    out: dict[str, int] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        surname, strokes = line.split("\t")[:2]
        out[surname] = int(strokes)
    return out


def split_surname(name: str) -> tuple[str, int | None]:
    """(surname, its strokes) — compound surnames first; (first character, None) when the
    surname is not known."""
    name = (name or "").strip()
    table = _table()
    if len(name) >= 3 and name[:2] in table:
        return name[:2], table[name[:2]]
    if name[:1] in table:
        return name[:1], table[name[:1]]
    return name[:1], None


def surname_strokes(name: str) -> int | None:
    """The stroke count of the surname of `name` (None when not in the table)."""
    return split_surname(name)[1]


def stroke_sort_key(name: str) -> tuple:
    surname, strokes = split_surname(name)
    if strokes is None:
        return (1, 0, "", name or "")
    return (0, strokes, surname, name)
