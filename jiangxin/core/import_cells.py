"""The generic column parsers of the Excel imports: a cell's text (already trimmed, never
empty: `Column.convert` deals with blanks and choices) → a value, or a ValidationError
saying what to write. Apps keep only the parsers of their own cells (patents, benefit by
year …) and use these for codes, yes/no, dates, years, numbers and money."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .imports import Column
from .validators import validate_resident_id, validate_uscc

YES = frozenset({"是", "yes", "y", "true", "1", "√"})
NO = frozenset({"否", "no", "n", "false", "0", ""})
# 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日, 20240501, and an Excel date cell as read
# (2024-05-01 00:00:00).
_DATE = re.compile(
    r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))"
    r"(?:[ T]00:00(?::00)?)?$"
)


def parse_code(text: str) -> str:
    """An identifier typed by hand — a resident ID number, a credit code: trimmed and in
    upper case (the check character X, the letters of a code)."""
    return text.strip().upper()


def parse_yes_no(text: str) -> bool:
    t = text.strip().lower()
    if t in YES:
        return True
    if t in NO:
        return False
    raise ValidationError(_("Write 是 or 否 (yes or no)."))


def parse_date(text: str) -> datetime.date:
    m = _DATE.match(text.strip())
    if m:
        month, day = (m[2], m[3]) if m[2] else (m[4], m[5])
        try:
            return datetime.date(int(m[1]), int(month), int(day))
        except ValueError:
            pass
    raise ValidationError(_("“%(v)s” is not a date; write it as 2024-05-01.") % {"v": text})


def parse_year(text: str) -> int:
    """A year from 1950 to next year (an Excel number cell reads as 2023.0)."""
    try:
        year = int(float(text))
    except ValueError as exc:
        raise ValidationError(_("Give a year such as 2023.")) from exc
    if not 1950 <= year <= datetime.date.today().year + 1:
        raise ValidationError(_("Give a year such as 2023."))
    return year


def parse_number(text: str) -> Decimal:
    """A quantity that cannot be negative (an area, a sum); thousands separators allowed."""
    try:
        value = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation as exc:
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text}) from exc
    if not value.is_finite():
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text})
    if value < 0:
        raise ValidationError(_("The number cannot be negative."))
    return value


def parse_yuan(text: str) -> Decimal:
    """An amount of money in yuan, more than nothing, to the fen."""
    try:
        amount = Decimal(text.replace(",", "").replace("，", "").strip()).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValidationError(_("Give an amount in yuan, e.g. 125000.")) from exc
    if amount <= 0:
        raise ValidationError(_("Give an amount in yuan, e.g. 125000."))
    return amount


def resident_id_column(key: str, label_zh: str, label_en: str, *, required=True, note="") -> Column:
    """A column of resident ID numbers (18 characters, the check character verified)."""
    return Column(
        key,
        label_zh,
        label_en,
        required=required,
        parse=parse_code,
        validators=[validate_resident_id],
        width=22,
        note=note,
    )


def credit_code_column(key: str, label_zh: str, label_en: str, *, note="") -> Column:
    """A column of Unified Social Credit Codes (18 characters, the check character
    verified)."""
    return Column(
        key, label_zh, label_en, parse=parse_code, validators=[validate_uscc], width=22, note=note
    )
