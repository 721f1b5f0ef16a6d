"""Validators for Chinese identifiers used across jiangxin.

Every validator raises :class:`django.core.exceptions.ValidationError` with an
English message (wrapped for translation) that says what is wrong, and a
``code`` that callers and tests can rely on. Messages use ``params`` so that the
translation catalogue holds one entry per message, not one per value.

* resident ID numbers (公民身份号码, GB 11643-1999),
* Unified Social Credit Codes (统一社会信用代码, GB 32100-2015),
* mainland mobile numbers,
* CNIPA patent application numbers (专利申请号),
* administrative region codes (行政区划代码, GB/T 2260).

Digits are always ASCII digits: ``str.isdigit`` alone would let full-width and
other Unicode digits through, so it is never used on its own here.
"""

import datetime
import re
from operator import mul

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "PATENT_TYPES",
    "PROVINCE_CODES",
    "USCC_ALPHABET",
    "patent_check_char",
    "patent_normalise",
    "patent_type_from_number",
    "resident_id_birth_date",
    "resident_id_check_char",
    "resident_id_gender",
    "uscc_check_char",
    "validate_mobile",
    "validate_patent_application_number",
    "validate_region_code",
    "validate_resident_id",
    "validate_uscc",
]


def _today() -> datetime.date:
    """Today in the project's time zone (Asia/Shanghai), or the system date without settings."""
    try:
        return timezone.localdate()
    except ImproperlyConfigured:
        return datetime.date.today()


def _is_digits(value: str) -> bool:
    """True for a non-empty string of ASCII digits 0-9 only."""
    return value.isascii() and value.isdigit()


def _require_text(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter this value as text."), code="invalid_type")
    return value


def _reject_spaces(value: str) -> None:
    if any(ch.isspace() for ch in value):
        raise ValidationError(
            _("Remove the spaces: this number is written without any spaces."), code="spaces"
        )


def _wrong_check_character(expected: str, actual: str) -> ValidationError:
    return ValidationError(
        _("The check character should be '%(expected)s', not '%(actual)s'."),
        code="wrong_check_character",
        params={"expected": expected, "actual": actual},
    )


# ---------------------------------------------------------------------------
# Resident ID number (GB 11643-1999), check character ISO 7064 MOD 11-2
# ---------------------------------------------------------------------------

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_MAP = "10X98765432"
RESIDENT_ID_MIN_YEAR = 1900


def resident_id_check_char(body17: str) -> str:
    """The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of an ID."""
    if len(body17) != 17 or not _is_digits(body17):
        raise ValueError("body17 must be exactly 17 ASCII digits.")
    total = sum(
        int(digit) * weight for digit, weight in zip(body17, RESIDENT_ID_WEIGHTS, strict=True)
    )
    return RESIDENT_ID_CHECK_MAP[total % 11]


def _recent_past() -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=2)


_RESIDENT_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # [0-9]: ASCII digits only


def validate_resident_id(value: str) -> None:
    """Validate an 18-character resident ID number (公民身份号码).

    17 digits, of which positions 7-14 are the date of birth (YYYYMMDD, a real
    date, not in the future, year 1900 or later), then the check character: a
    digit or an upper-case X.
    """
    if value.__class__ is str and _RESIDENT_ID_SHAPE.fullmatch(value):
        # The common case in one regex (an import checks 100k of them): only the date
        # and the check character are left; the detailed messages below are for the rest.
        try:
            birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            birth = None
        # Two days before the system date is in the past in every time zone: only a birth
        # date after that needs the (slower) date of the project's time zone.
        if birth is None or birth.year < RESIDENT_ID_MIN_YEAR or birth > _recent_past():
            _birth_date_from_digits(value[6:14])
        total = sum(map(mul, map(int, value[:17]), RESIDENT_ID_WEIGHTS))
        expected = RESIDENT_ID_CHECK_MAP[total % 11]
        if value[17] != expected:
            raise _wrong_check_character(expected, value[17])
        return
    value = _require_text(value)
    _reject_spaces(value)
    if len(value) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(length)d."),
            code="invalid_length",
            params={"length": len(value)},
        )
    for position, char in enumerate(value[:17], start=1):
        if not _is_digits(char):
            raise ValidationError(
                _("Character %(position)d is '%(char)s'; the first 17 characters must be digits."),
                code="invalid_character",
                params={"position": position, "char": char},
            )
    check = value[17]
    if check == "x":
        raise ValidationError(
            _("Upper-case X only: write the last character as 'X', not 'x'."),
            code="lowercase_x",
        )
    if not (_is_digits(check) or check == "X"):
        raise ValidationError(
            _("The last character must be a digit or an upper-case X, not '%(char)s'."),
            code="invalid_check_character",
            params={"char": check},
        )
    _birth_date_from_digits(value[6:14])
    expected = resident_id_check_char(value[:17])
    if check != expected:
        raise _wrong_check_character(expected, check)


def _birth_date_from_digits(digits: str) -> datetime.date:
    try:
        birth = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(
            _("The date of birth %(date)s is not a real date."),
            code="invalid_birth_date",
            params={"date": digits},
        ) from None
    if birth.year < RESIDENT_ID_MIN_YEAR:
        raise ValidationError(
            _("The year of birth %(year)s is before 1900."),
            code="birth_year_too_early",
            params={"year": digits[:4]},
        )
    if birth > _today():
        raise ValidationError(
            _("The date of birth %(date)s is in the future."),
            code="future_birth_date",
            params={"date": digits},
        )
    return birth


def resident_id_birth_date(value: str) -> datetime.date:
    """The date of birth in a resident ID number; raises ValidationError if the number is invalid."""
    validate_resident_id(value)
    return _birth_date_from_digits(value[6:14])


def resident_id_gender(value: str) -> str:
    """Return "M" or "F" from the 17th digit (odd = male); raises ValidationError if invalid."""
    validate_resident_id(value)
    return "M" if int(value[16]) % 2 == 1 else "F"


# ---------------------------------------------------------------------------
# Unified Social Credit Code (GB 32100-2015)
# ---------------------------------------------------------------------------

# 31 symbols: the digits and the upper-case letters without I, O, Z, S and V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUES = {symbol: index for index, symbol in enumerate(USCC_ALPHABET)}


# The shape of a code that needs only its check character verified: ASCII, upper case,
# 18 symbols of the alphabet with six digits at 3-8. Anything else takes the slow path
# below, which names what is wrong.
_USCC_SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


def uscc_check_char(body17: str) -> str:
    """The check character for the first 17 characters of a Unified Social Credit Code."""
    if len(body17) != 17 or any(symbol not in _USCC_VALUES for symbol in body17):
        raise ValueError("body17 must be exactly 17 characters of the USCC alphabet.")
    total = sum(
        _USCC_VALUES[symbol] * weight for symbol, weight in zip(body17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Validate an 18-character Unified Social Credit Code (统一社会信用代码).

    Position 1 is the registration authority, 2 the organisation type, 3-8 the
    six-digit region code, 9-17 the organisation code and 18 the check
    character. The region code is only checked to be six digits: codes such as
    100000 (central-level bodies) are legitimate but are not province codes.
    """
    if value.__class__ is str and _USCC_SHAPE.fullmatch(value):
        total = sum(map(mul, map(_USCC_VALUES.__getitem__, value[:17]), USCC_WEIGHTS))
        expected = USCC_ALPHABET[(31 - total % 31) % 31]
        if value[17] != expected:
            raise _wrong_check_character(expected, value[17])
        return
    value = _require_text(value)
    _reject_spaces(value)
    if len(value) != 18:
        raise ValidationError(
            _("A Unified Social Credit Code has 18 characters; this one has %(length)d."),
            code="invalid_length",
            params={"length": len(value)},
        )
    for position, char in enumerate(value, start=1):
        if char in _USCC_VALUES:
            continue
        if char.upper() in _USCC_VALUES:
            raise ValidationError(
                _("Upper-case letters only: character %(position)d is '%(char)s'."),
                code="lowercase",
                params={"position": position, "char": char},
            )
        raise ValidationError(
            _(
                "Character %(position)d, '%(char)s', cannot appear in a Unified Social Credit "
                "Code (only digits and upper-case letters other than I, O, Z, S and V)."
            ),
            code="invalid_character",
            params={"position": position, "char": char},
        )
    region = value[2:8]
    if not _is_digits(region):
        raise ValidationError(
            _("Characters 3 to 8 must be a six-digit region code, not '%(region)s'."),
            code="invalid_region",
            params={"region": region},
        )
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        raise _wrong_check_character(expected, value[17])


# ---------------------------------------------------------------------------
# Mainland China mobile number
# ---------------------------------------------------------------------------

MOBILE_COUNTRY_PREFIX = "+86"


def validate_mobile(value: str) -> None:
    """Validate a mainland mobile number: 11 digits, 1 then 3-9, optionally preceded by "+86"."""
    value = _require_text(value)
    if any(ch.isspace() for ch in value):
        raise ValidationError(
            _("Remove the spaces: write the mobile number as 11 digits, e.g. 13812345678."),
            code="spaces",
        )
    number = value.removeprefix(MOBILE_COUNTRY_PREFIX)
    for char in number:
        if not _is_digits(char):
            raise ValidationError(
                _(
                    "A mobile number contains only digits (after an optional +86); "
                    "'%(char)s' is not allowed."
                ),
                code="invalid_character",
                params={"char": char},
            )
    if len(number) == 13 and number.startswith("86"):
        raise ValidationError(
            _("Write the country code as +86, or leave it out."),
            code="country_code_without_plus",
        )
    if len(number) != 11:
        raise ValidationError(
            _("A mobile number has 11 digits; this one has %(length)d."),
            code="invalid_length",
            params={"length": len(number)},
        )
    if number[0] != "1":
        raise ValidationError(
            _("A mobile number starts with 1, not %(digit)s."),
            code="invalid_prefix",
            params={"digit": number[0]},
        )
    if number[1] in "012":
        raise ValidationError(
            _("The second digit of a mobile number must be 3 to 9, not %(digit)s."),
            code="invalid_prefix",
            params={"digit": number[1]},
        )


# ---------------------------------------------------------------------------
# CNIPA patent application number (专利申请号)
# ---------------------------------------------------------------------------

PATENT_TYPES = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "pct_invention",
    "9": "pct_utility_model",
}
PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
PATENT_PREFIXES = ("ZL", "CN")
# 12-digit numbers (YYYY + type + 7-digit serial) since 1 October 2003; before
# that 8 digits (YY + type + 5-digit serial), from the start of the patent system in 1985.
PATENT_NEW_FORMAT_FIRST_YEAR = 2003
PATENT_OLD_FORMAT_YEARS = (1985, 2003)


def patent_check_char(digits: str) -> str:
    """The check character ('0'-'9' or 'X') for the 12 (or, before 2003, 8) digits of a number."""
    if len(digits) not in (8, 12) or not _is_digits(digits):
        raise ValueError("digits must be exactly 8 or 12 ASCII digits.")
    total = sum(int(digit) * weight for digit, weight in zip(digits, PATENT_WEIGHTS, strict=False))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def patent_normalise(value: str) -> str:
    """Validate a patent application number and return it as "YYYYTNNNNNNN.C".

    Accepts an optional "ZL" or "CN" prefix, spaces anywhere, and an optional
    dot before the check character. Numbers filed before October 2003 have 8
    digits and come back as "YYTNNNNN.C". Raises ValidationError when invalid.
    """
    value = _require_text(value)
    compact = "".join(value.split())
    if compact[:2].upper() in PATENT_PREFIXES:
        compact = compact[2:]
    if not compact:
        raise ValidationError(
            _("Enter a patent application number, e.g. 202310123456.7."), code="empty"
        )
    if compact.count(".") > 1 or ("." in compact and compact.index(".") < len(compact) - 2):
        raise ValidationError(
            _("A dot may only come just before the final check character, as in 202310123456.7."),
            code="misplaced_dot",
        )
    if compact.endswith("."):
        raise ValidationError(
            _("The check character after the dot is missing."), code="missing_check_character"
        )
    has_dot = "." in compact
    compact = compact.replace(".", "")
    if not has_dot and len(compact) in (8, 12) and _is_digits(compact):
        raise ValidationError(
            _("The check character at the end is missing."), code="missing_check_character"
        )
    digits, check = compact[:-1], compact[-1]
    for char in digits:
        if not _is_digits(char):
            raise ValidationError(
                _(
                    "A patent application number has only digits before the check character; "
                    "'%(char)s' is not allowed."
                ),
                code="invalid_character",
                params={"char": char},
            )
    if len(digits) not in (8, 12):
        raise ValidationError(
            _(
                "A patent application number has 12 digits and a check character (8 digits for "
                "applications filed before October 2003); this one has %(length)d digits."
            ),
            code="invalid_length",
            params={"length": len(digits)},
        )
    if check == "x":
        raise ValidationError(
            _("Upper-case X only: write the check character as 'X', not 'x'."),
            code="lowercase_x",
        )
    if not (_is_digits(check) or check == "X"):
        raise ValidationError(
            _("The check character must be a digit or an upper-case X, not '%(char)s'."),
            code="invalid_check_character",
            params={"char": check},
        )
    if len(digits) == 12:
        year, kind = int(digits[:4]), digits[4]
        if year < PATENT_NEW_FORMAT_FIRST_YEAR:
            raise ValidationError(
                _("The year %(year)s is not possible: 12-digit application numbers began in 2003."),
                code="invalid_year",
                params={"year": digits[:4]},
            )
        if year > _today().year:
            raise ValidationError(
                _("The year %(year)s is in the future."),
                code="invalid_year",
                params={"year": digits[:4]},
            )
    else:
        short_year, kind = int(digits[:2]), digits[2]
        year = 1900 + short_year if short_year >= 85 else 2000 + short_year
        first, last = PATENT_OLD_FORMAT_YEARS
        if not first <= year <= last:
            raise ValidationError(
                _(
                    "The year %(year)s is not possible: 8-digit application numbers were used "
                    "from 1985 to 2003."
                ),
                code="invalid_year",
                params={"year": digits[:2]},
            )
    if kind not in PATENT_TYPES:
        raise ValidationError(
            _("The patent type digit must be 1, 2, 3, 8 or 9, not %(digit)s."),
            code="invalid_type",
            params={"digit": kind},
        )
    expected = patent_check_char(digits)
    if check != expected:
        raise _wrong_check_character(expected, check)
    return f"{digits}.{check}"


def validate_patent_application_number(value: str) -> None:
    """Validate a CNIPA patent application number; see :func:`patent_normalise`."""
    patent_normalise(value)


def patent_type_from_number(value: str) -> str:
    """The patent type of a valid application number: one of the values of PATENT_TYPES."""
    digits = patent_normalise(value).split(".")[0]
    return PATENT_TYPES[digits[4] if len(digits) == 12 else digits[2]]


# ---------------------------------------------------------------------------
# Administrative region code (GB/T 2260)
# ---------------------------------------------------------------------------

_SIX_DIGITS = re.compile(r"[0-9]{6}")
PROVINCE_CODES = frozenset(
    [
        *range(11, 16),  # Beijing, Tianjin, Hebei, Shanxi, Inner Mongolia
        *range(21, 24),  # Liaoning, Jilin, Heilongjiang
        *range(31, 38),  # Shanghai, Jiangsu, Zhejiang, Anhui, Fujian, Jiangxi, Shandong
        *range(41, 47),  # Henan, Hubei, Hunan, Guangdong, Guangxi, Hainan
        *range(50, 55),  # Chongqing, Sichuan, Guizhou, Yunnan, Tibet
        *range(61, 66),  # Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang
        71,  # Taiwan
        81,  # Hong Kong
        82,  # Macao
    ]
)


def validate_region_code(value: str) -> None:
    """Validate a six-digit administrative region code whose first two digits are a province."""
    if (
        value.__class__ is str
        and _SIX_DIGITS.fullmatch(value)
        and value != "000000"
        and int(value[:2]) in PROVINCE_CODES
    ):
        return
    value = _require_text(value)
    _reject_spaces(value)
    if len(value) != 6 or not _is_digits(value):
        raise ValidationError(
            _("A region code is exactly six digits; '%(value)s' is not."),
            code="invalid_format",
            params={"value": value},
        )
    if value == "000000":
        raise ValidationError(_("The region code cannot be all zeros."), code="all_zeros")
    if int(value[:2]) not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "The region code must start with a province code (e.g. 11 for Beijing); "
                "%(province)s is not one."
            ),
            code="invalid_province",
            params={"province": value[:2]},
        )
