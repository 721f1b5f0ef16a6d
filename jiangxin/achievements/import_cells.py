"""Cells of the achievement import that hold several values, as an officer types them
in Excel.

* Patents — several application numbers separated by ；, ;, 、 or a line break. The office
  is read from the number (PCT/…, US…, EP…, JP… or 特願…, CN/ZL or digits for China; any
  other letters: another office). A type may follow in brackets where the number does
  not say it: ``KR 10-2020-0123456（发明）``.
* Benefit — an amount (the year in its own column), or years with amounts:
  ``2024:120000；2025:80000`` (full-width ： and ； too)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.import_cells import parse_yuan

from .enums import PatentType
from .services.patents import patent_number_check

SEPARATORS = re.compile(r"[;；、\n]+")
TYPE_SUFFIX = re.compile(r"^(?P<number>.+?)\s*[（(](?P<type>[^()（）]+)[)）]\s*$")
TYPE_WORDS = {
    "发明": PatentType.INVENTION,
    "发明专利": PatentType.INVENTION,
    "invention": PatentType.INVENTION,
    "实用新型": PatentType.UTILITY_MODEL,
    "utility model": PatentType.UTILITY_MODEL,
    "utility_model": PatentType.UTILITY_MODEL,
    "外观设计": PatentType.DESIGN,
    "外观": PatentType.DESIGN,
    "design": PatentType.DESIGN,
    "pct": PatentType.PCT,
    "国际申请": PatentType.PCT,
}
FIRST_YEAR = 1990


@dataclass(frozen=True)
class PatentCell:
    office: str
    number: str
    patent_type: str
    year: int | None


def parse_patents(text: str) -> list[PatentCell]:
    """The patents of one cell, each validated by its office's rules; a bad one is named
    by its place in the cell and as typed."""
    from jiangxin.core.patent_numbers import patent_office_guess

    out: list[PatentCell] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    items = [i.strip() for i in SEPARATORS.split(text or "") if i.strip()]
    for n, item in enumerate(items, start=1):
        number, kind = item, ""
        m = TYPE_SUFFIX.match(item)
        if m:
            number = m["number"]
            kind = TYPE_WORDS.get(m["type"].strip().lower(), "")
            if not kind:
                errors.append(
                    _(
                        "Patent %(n)d (%(value)s): “%(type)s” is not a patent type; write "
                        "发明, 实用新型 or 外观设计."
                    )
                    % {"n": n, "value": item, "type": m["type"].strip()}
                )
                continue
        office = patent_office_guess(number)
        try:
            normalised, kind, year = patent_number_check(office, number, kind)
        except ValidationError as exc:
            messages = [str(m) for msgs in exc.message_dict.values() for m in msgs]
            errors.append(
                _("Patent %(n)d (%(value)s): %(message)s")
                % {"n": n, "value": item, "message": " ".join(messages)}
            )
            continue
        if (office, normalised) in seen:
            errors.append(
                _("Patent %(n)d (%(value)s) is given twice in this cell.") % {"n": n, "value": item}
            )
            continue
        seen.add((office, normalised))
        out.append(PatentCell(office, normalised, kind, year))
    if errors:
        raise ValidationError(errors)
    return out


def parse_benefit(text: str) -> list[tuple[int | None, Decimal]]:
    """[(year, amount)]: one amount without a year (its year is in the year column), or
    several "year:amount" pairs."""
    text = (text or "").strip()
    if ":" not in text and "：" not in text:
        return [(None, parse_yuan(text))]
    this_year = timezone.localdate().year
    out: list[tuple[int | None, Decimal]] = []
    errors: list[str] = []
    years: set[int] = set()
    for item in (i.strip() for i in SEPARATORS.split(text.replace("：", ":")) if i.strip()):
        year_text, _sep, amount_text = item.partition(":")
        year_text = year_text.strip().removesuffix("年")
        if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
            errors.append(
                _("“%(item)s”: write the year and the amount as 2024:120000.") % {"item": item}
            )
            continue
        year = int(year_text)
        if not FIRST_YEAR <= year <= this_year:
            errors.append(
                _("“%(item)s”: give a year from %(first)d to %(last)d.")
                % {"item": item, "first": FIRST_YEAR, "last": this_year}
            )
            continue
        if year in years:
            errors.append(_("The year %(year)d is given twice.") % {"year": year})
            continue
        try:
            amount = parse_yuan(amount_text)
        except ValidationError:
            errors.append(
                _("“%(item)s”: give the amount in yuan, e.g. 2024:120000.") % {"item": item}
            )
            continue
        years.add(year)
        out.append((year, amount))
    if errors:
        raise ValidationError(errors)
    return out
