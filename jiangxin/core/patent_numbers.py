"""Patent application numbers of the offices jiangxin records (专利申请号, 国外及国际专利).

One entry point, :func:`patent_number_parse`, validates a number by the rules of its
office and returns it normalised with the patent type the number implies (if it implies
one). Offices and their rules:

* ``cn`` — CNIPA, with its check character (:func:`jiangxin.core.validators.patent_normalise`).
* ``pct`` — an international application under the PCT: ``PCT/CN2024/123456`` (receiving
  office, year, six-digit serial; ``PCT/CN99/12345`` before 2004). No check digit.
* ``us`` — a USPTO application number: series code and six-digit serial, ``17/123,456``
  (or ``17123456``). Series 29 are designs; 60–63 provisional applications. No check digit.
* ``ep`` — an EPO application number with its check digit, ``EP21812345.3`` (the digits
  weighted 1, 2, 1, 2 …, the digits of the products summed; verified for filings from
  2002), or a publication number, ``EP 3 123 456`` (seven digits, kind code optional).
* ``jp`` — a JPO application number ``特願2020-123456`` (特願 invention, 実願 utility model,
  意願 design; western year since 2000). No check digit.
* ``other`` — any other office: free text of 3 to 40 characters, letters, digits, spaces
  and ``/ - . , ( )``.

Messages name what is wrong and give an example of the right form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .validators import _today, patent_normalise, patent_type_from_number

__all__ = [
    "OFFICES",
    "PatentNumber",
    "ep_check_digit",
    "patent_number_parse",
    "patent_number_year",
]

OFFICES = ("cn", "pct", "us", "ep", "jp", "other")
NUMBER_MAX_LENGTH = 40

# CNIPA's type names (from the type digit) → the stored patent type.
_CN_TYPES = {
    "invention": "invention",
    "utility_model": "utility_model",
    "design": "design",
    "pct_invention": "pct",
    "pct_utility_model": "pct",
}


@dataclass(frozen=True)
class PatentNumber:
    office: str
    number: str  # normalised
    patent_type: str  # "" when the number does not say
    year: int | None  # the filing year, when the number holds it


def _compact(value: str) -> str:
    return "".join(str(value or "").split())


def _future(year: int) -> ValidationError:
    return ValidationError(
        _("The year %(year)s is in the future."), code="invalid_year", params={"year": year}
    )


# --- CN ---------------------------------------------------------------------------------


def _cn(value: str) -> PatentNumber:
    number = patent_normalise(value)
    digits = number.split(".")[0]
    year = int(digits[:4]) if len(digits) == 12 else None
    if year is None:
        short = int(digits[:2])
        year = 1900 + short if short >= 85 else 2000 + short
    return PatentNumber("cn", number, _CN_TYPES[patent_type_from_number(number)], year)


# --- PCT --------------------------------------------------------------------------------

_PCT_NEW = re.compile(r"^PCT/?([A-Z]{2})(\d{4})/?(\d{6})$")
_PCT_OLD = re.compile(r"^PCT/?([A-Z]{2})(\d{2})/?(\d{5})$")


def _pct(value: str) -> PatentNumber:
    compact = _compact(value).upper()
    if not compact.startswith("PCT"):
        compact = "PCT/" + compact
    m = _PCT_NEW.match(compact)
    if m:
        country, year, serial = m[1], int(m[2]), m[3]
        if year < 2004:
            raise ValidationError(
                _(
                    "Before 2004 a PCT number has a two-digit year and a five-digit serial, "
                    "e.g. PCT/CN03/12345."
                ),
                code="invalid_year",
            )
        if year > _today().year:
            raise _future(year)
        return PatentNumber("pct", f"PCT/{country}{year}/{serial}", "pct", year)
    m = _PCT_OLD.match(compact)
    if m:
        short = int(m[2])
        year = 1900 + short if short >= 78 else 2000 + short
        if not 1978 <= year <= 2003:
            raise ValidationError(
                _(
                    "Since 2004 a PCT number has a four-digit year and a six-digit serial, "
                    "e.g. PCT/CN2024/123456."
                ),
                code="invalid_year",
            )
        return PatentNumber("pct", f"PCT/{m[1]}{m[2]}/{m[3]}", "pct", year)
    raise ValidationError(
        _(
            "Write a PCT application number as PCT/, the receiving office's two letters, the "
            "year and the serial, e.g. PCT/CN2024/123456."
        ),
        code="invalid_format",
    )


# --- US ---------------------------------------------------------------------------------

_US = re.compile(r"^(?:US)?(\d{2})/?(\d{3}),?(\d{3})$")
US_DESIGN_SERIES = 29
US_PROVISIONAL_SERIES = range(60, 64)
US_UTILITY_SERIES = range(1, 20)


def _us(value: str) -> PatentNumber:
    m = _US.match(_compact(value).upper())
    if not m:
        raise ValidationError(
            _(
                "Write a US application number as the two-digit series code and the six-digit "
                "serial, e.g. 17/123,456 or 17123456."
            ),
            code="invalid_format",
        )
    series = int(m[1])
    if series == US_DESIGN_SERIES:
        kind = "design"
    elif series in US_UTILITY_SERIES or series in US_PROVISIONAL_SERIES:
        kind = "invention"
    else:
        raise ValidationError(
            _(
                "The series code %(series)s is not one the USPTO uses for applications "
                "(01–19 utility, 29 design, 60–63 provisional)."
            ),
            code="invalid_series",
            params={"series": m[1]},
        )
    return PatentNumber("us", f"{m[1]}/{m[2]},{m[3]}", kind, None)


# --- EP ---------------------------------------------------------------------------------

_EP_APPLICATION = re.compile(r"^(?:EP)?(\d{8})\.?([0-9])?$")
_EP_PUBLICATION = re.compile(r"^EP(\d{7})([ABC][0-9]?)?$")
EP_CHECK_FROM_YEAR = 2002


def ep_check_digit(digits: str) -> str:
    """The check digit of an 8-digit EP application number: digits weighted 1, 2, 1, 2 …
    from the left, the digits of the products summed, 10 minus the sum's last digit."""
    if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
        raise ValueError("digits must be exactly 8 ASCII digits.")
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (1 if i % 2 == 0 else 2)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def _ep(value: str) -> PatentNumber:
    compact = _compact(value).upper()
    m = _EP_PUBLICATION.match(compact)
    if m:
        return PatentNumber("ep", f"EP{m[1]}{m[2] or ''}", "invention", None)
    m = _EP_APPLICATION.match(compact)
    if not m:
        raise ValidationError(
            _(
                "Write an EP application number as eight digits, a dot and the check digit, "
                "e.g. EP21812345.3, or a publication number, e.g. EP 3 123 456."
            ),
            code="invalid_format",
        )
    digits, check = m[1], m[2]
    short = int(digits[:2])
    year = 1900 + short if short >= 78 else 2000 + short
    if year > _today().year:
        raise _future(year)
    if check is None:
        raise ValidationError(
            _("The check digit after the dot is missing, as in EP21812345.3."),
            code="missing_check_character",
        )
    if year >= EP_CHECK_FROM_YEAR:
        expected = ep_check_digit(digits)
        if check != expected:
            raise ValidationError(
                _(
                    "The check digit is wrong: for these eight digits it must be "
                    "%(expected)s, not %(actual)s. Check the number for a typing error."
                ),
                code="wrong_check_character",
                params={"expected": expected, "actual": check},
            )
    return PatentNumber("ep", f"EP{digits}.{check}", "invention", year)


# --- JP ---------------------------------------------------------------------------------

_JP = re.compile(r"^(?:JP)?(特願|実願|意願|特愿|实愿|意愿)?(\d{4})-?(\d{6})$")
_JP_TYPES = {
    "特願": "invention",
    "特愿": "invention",
    "実願": "utility_model",
    "实愿": "utility_model",
    "意願": "design",
    "意愿": "design",
}
_JP_PREFIX = {"invention": "特願", "utility_model": "実願", "design": "意願"}


def _jp(value: str, patent_type: str = "") -> PatentNumber:
    m = _JP.match(_compact(value).upper())
    if not m:
        raise ValidationError(
            _(
                "Write a Japanese application number as the western year and the six-digit "
                "serial, e.g. 特願2020-123456 (実願 for a utility model, 意願 for a design)."
            ),
            code="invalid_format",
        )
    year = int(m[2])
    if year < 2000:
        raise ValidationError(
            _("Japanese numbers with a western year began in 2000; before that, use “other”."),
            code="invalid_year",
        )
    if year > _today().year:
        raise _future(year)
    kind = _JP_TYPES.get(m[1] or "", "")
    if not kind:
        kind = patent_type if patent_type in _JP_PREFIX else "invention"
    return PatentNumber("jp", f"{_JP_PREFIX[kind]}{year}-{m[3]}", kind, year)


# --- other ------------------------------------------------------------------------------

_OTHER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /\-.,()]*$")


def _other(value: str) -> PatentNumber:
    text = " ".join(str(value or "").split())
    if not 3 <= len(text) <= NUMBER_MAX_LENGTH:
        raise ValidationError(
            _("Give the number as the office writes it, 3 to %(max)d characters."),
            code="invalid_length",
            params={"max": NUMBER_MAX_LENGTH},
        )
    if not _OTHER.match(text):
        raise ValidationError(
            _("Use letters, digits, spaces and / - . , ( ) only, as the office writes the number."),
            code="invalid_character",
        )
    return PatentNumber("other", text.upper(), "", None)


_PARSERS = {"cn": _cn, "pct": _pct, "us": _us, "ep": _ep, "other": _other}


def patent_number_parse(office: str, value: str, patent_type: str = "") -> PatentNumber:
    """Validate `value` as an application number of `office` and return it normalised,
    with the patent type the number implies ("" when it implies none). `patent_type` is
    only used where the number leaves the type open (a JP number without its prefix)."""
    if not str(value or "").strip():
        raise ValidationError(_("Enter the application number, e.g. 202310123456.6."), code="empty")
    if office == "jp":
        return _jp(value, patent_type)
    parser = _PARSERS.get(office)
    if parser is None:
        raise ValidationError(
            _("Choose the patent office: CN, PCT, US, EP, JP or other."), code="invalid_office"
        )
    return parser(value)


def patent_number_year(office: str, number: str) -> int | None:
    """The filing year a (valid, normalised) number holds, or None."""
    try:
        return patent_number_parse(office, number).year
    except ValidationError:
        return None


_PREFIXES = (
    ("PCT", "pct"),
    ("US", "us"),
    ("EP", "ep"),
    ("JP", "jp"),
    ("特願", "jp"),
    ("実願", "jp"),
    ("意願", "jp"),
    ("特愿", "jp"),
    ("实愿", "jp"),
    ("意愿", "jp"),
    ("CN", "cn"),
    ("ZL", "cn"),
)


def patent_office_guess(value: str) -> str:
    """The office a number written without one belongs to, by its prefix: PCT/…, US…,
    EP…, JP… or 特願…, CN/ZL or digits; any other letters → "other"."""
    compact = _compact(value).upper()
    for prefix, office in _PREFIXES:
        if compact.startswith(prefix):
            return office
    if compact[:1].isascii() and compact[:1].isdigit():
        return "cn"
    return "other"
