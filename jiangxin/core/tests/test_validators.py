"""Tests for jiangxin.core.validators: known examples, error messages and check-character properties.

No database access: these run with or without pytest-django.
"""

import datetime
import os

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from jiangxin.core.validators import (
    PATENT_TYPES,
    USCC_ALPHABET,
    patent_check_char,
    patent_normalise,
    patent_type_from_number,
    resident_id_birth_date,
    resident_id_check_char,
    resident_id_gender,
    uscc_check_char,
    validate_mobile,
    validate_patent_application_number,
    validate_region_code,
    validate_resident_id,
    validate_uscc,
)

if not django_settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
    # Run under ``pytest -p no:django``: messages still need settings to be rendered.
    django_settings.configure(USE_I18N=False)

DIGITS = "0123456789"
MOD11_SYMBOLS = DIGITS + "X"
TODAY = datetime.date.today()


def raised(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as exc_info:
        validator(value)
    return exc_info.value


def english(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


def digit_strings(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=length, max_size=length)


# ---------------------------------------------------------------------------
# Resident ID
# ---------------------------------------------------------------------------

REAL_RESIDENT_ID = "11010519491231002X"


@st.composite
def resident_id_bodies(draw) -> str:
    region = draw(digit_strings(6))
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    sequence = draw(digit_strings(3))
    return f"{region}{birth:%Y%m%d}{sequence}"


def test_resident_id_accepts_known_real_example():
    validate_resident_id(REAL_RESIDENT_ID)
    assert resident_id_check_char(REAL_RESIDENT_ID[:17]) == "X"
    assert resident_id_birth_date(REAL_RESIDENT_ID) == datetime.date(1949, 12, 31)
    assert resident_id_gender(REAL_RESIDENT_ID) == "F"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("11010519491231002", "X"),
        ("11010519491231001", "1"),
        ("11010519491231003", "8"),
        ("51320019990906019", "0"),
    ],
)
def test_resident_id_check_char_matches_known_values(body, expected):
    assert resident_id_check_char(body) == expected
    validate_resident_id(body + expected)


@pytest.mark.parametrize(
    ("value", "gender"),
    [("110105194912310011", "M"), ("11010519491231002X", "F"), ("110105194912310038", "M")],
)
def test_resident_id_gender_follows_seventeenth_digit(value, gender):
    validate_resident_id(value)
    assert resident_id_gender(value) == gender


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("11010519491231002", "invalid_length", "has 18 characters; this one has 17"),
        ("11010519491231002X1", "invalid_length", "this one has 19"),
        ("", "invalid_length", "this one has 0"),
        ("1101051949123100AX", "invalid_character", "Character 17 is 'A'"),
        ("１1010519491231002X", "invalid_character", "Character 1 is '１'"),
        ("11010519491231002x", "lowercase_x", "Upper-case X only"),
        ("11010519491231002Y", "invalid_check_character", "digit or an upper-case X, not 'Y'"),
        ("110105 19491231002", "spaces", "Remove the spaces"),
        (
            "110105199902310020",
            "invalid_birth_date",
            "The date of birth 19990231 is not a real date",
        ),
        ("110105199913010020", "invalid_birth_date", "19991301 is not a real date"),
        ("110105189912310020", "birth_year_too_early", "The year of birth 1899 is before 1900"),
        ("110105299912310020", "future_birth_date", "29991231 is in the future"),
        ("110105194912310023", "wrong_check_character", "should be 'X', not '3'"),
    ],
)
def test_resident_id_rejects_invalid_values_with_clear_message(value, code, fragment):
    error = raised(validate_resident_id, value)
    assert error.code == code
    assert fragment in english(error)


def test_resident_id_rejects_non_text():
    assert raised(validate_resident_id, 11010519491231002).code == "invalid_type"


def test_resident_id_helpers_reject_invalid_numbers():
    with pytest.raises(ValidationError):
        resident_id_birth_date("110105194912310023")
    with pytest.raises(ValidationError):
        resident_id_gender("11010519491231002x")
    with pytest.raises(ValueError):
        resident_id_check_char("1101051949123100")


@given(resident_id_bodies())
def test_resident_id_computed_check_char_validates(body):
    value = body + resident_id_check_char(body)
    validate_resident_id(value)
    assert resident_id_birth_date(value) == datetime.datetime.strptime(body[6:14], "%Y%m%d").date()
    assert resident_id_gender(value) == ("M" if int(body[16]) % 2 else "F")


@given(resident_id_bodies())
def test_resident_id_every_corrupted_check_char_is_rejected(body):
    correct = resident_id_check_char(body)
    for wrong in MOD11_SYMBOLS.replace(correct, ""):
        assert raised(validate_resident_id, body + wrong).code == "wrong_check_character"


@given(resident_id_bodies(), st.integers(0, 16), st.integers(1, 9))
def test_resident_id_changed_body_digit_is_rejected(body, position, shift):
    value = body + resident_id_check_char(body)
    new_digit = str((int(body[position]) + shift) % 10)
    corrupted = value[:position] + new_digit + value[position + 1 :]
    error = raised(validate_resident_id, corrupted)
    if 6 <= position < 14:
        # A changed birth-date digit may also make the date itself impossible.
        assert error.code in {
            "wrong_check_character",
            "invalid_birth_date",
            "future_birth_date",
            "birth_year_too_early",
        }
    else:
        assert error.code == "wrong_check_character"


# ---------------------------------------------------------------------------
# Unified Social Credit Code
# ---------------------------------------------------------------------------

REAL_USCC = "91350100M000100Y43"


@st.composite
def uscc_bodies(draw) -> str:
    head = draw(st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2))
    region = draw(digit_strings(6))
    org = draw(st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9))
    return head + region + org


def test_uscc_accepts_known_real_example():
    validate_uscc(REAL_USCC)
    assert uscc_check_char(REAL_USCC[:17]) == "3"


def test_uscc_alphabet_has_31_symbols_without_i_o_z_s_v():
    assert len(USCC_ALPHABET) == len(set(USCC_ALPHABET)) == 31
    assert not set("IOZSV") & set(USCC_ALPHABET)


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("91350100M000100Y4", "invalid_length", "has 18 characters; this one has 17"),
        ("91350100M000100Y433", "invalid_length", "this one has 19"),
        ("91350100M000I00Y43", "invalid_character", "Character 13, 'I', cannot appear"),
        ("9135010OM000100Y43", "invalid_character", "Character 8, 'O'"),
        ("91350100M000100Z43", "invalid_character", "Character 16, 'Z'"),
        ("S1350100M000100Y43", "invalid_character", "Character 1, 'S'"),
        ("91350100M000V00Y43", "invalid_character", "Character 13, 'V'"),
        ("91350100M000100-43", "invalid_character", "Character 16, '-'"),
        ("91350100m000100Y43", "lowercase", "Upper-case letters only: character 9 is 'm'"),
        ("9135A100M000100Y43", "invalid_region", "six-digit region code, not '35A100'"),
        ("91350100M000100Y44", "wrong_check_character", "should be '3', not '4'"),
        ("91350100M000100 43", "spaces", "Remove the spaces"),
    ],
)
def test_uscc_rejects_invalid_values_with_clear_message(value, code, fragment):
    error = raised(validate_uscc, value)
    assert error.code == code
    assert fragment in english(error)


def test_uscc_accepts_central_level_region_code():
    body = "11100000000013127"
    validate_uscc(body + uscc_check_char(body))


def test_uscc_check_char_rejects_bad_body():
    with pytest.raises(ValueError):
        uscc_check_char("91350100M000100")
    with pytest.raises(ValueError):
        uscc_check_char("91350100M000I00Y4")


@given(uscc_bodies())
def test_uscc_computed_check_char_validates(body):
    check = uscc_check_char(body)
    assert check in USCC_ALPHABET
    validate_uscc(body + check)


@given(uscc_bodies())
def test_uscc_every_corrupted_check_char_is_rejected(body):
    correct = uscc_check_char(body)
    for wrong in USCC_ALPHABET.replace(correct, ""):
        assert raised(validate_uscc, body + wrong).code == "wrong_check_character"


@given(uscc_bodies(), st.integers(0, 16), st.integers(1, 30))
def test_uscc_changed_body_symbol_is_rejected(body, position, shift):
    value = body + uscc_check_char(body)
    if 2 <= position < 8:  # the region code stays digits
        new_symbol = DIGITS[(int(body[position]) + shift) % 10]
    else:
        new_symbol = USCC_ALPHABET[(USCC_ALPHABET.index(body[position]) + shift) % 31]
    assume(new_symbol != body[position])
    corrupted = value[:position] + new_symbol + value[position + 1 :]
    assert raised(validate_uscc, corrupted).code == "wrong_check_character"


# ---------------------------------------------------------------------------
# Mobile number
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["13812345678", "19912345678", "+8615012345678", "16600000000"])
def test_mobile_accepts_valid_numbers(value):
    validate_mobile(value)


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("138 1234 5678", "spaces", "Remove the spaces"),
        ("+86 13812345678", "spaces", "Remove the spaces"),
        ("8613812345678", "country_code_without_plus", "+86"),
        ("1381234567", "invalid_length", "has 11 digits; this one has 10"),
        ("138123456789", "invalid_length", "this one has 12"),
        ("23812345678", "invalid_prefix", "starts with 1, not 2"),
        ("12812345678", "invalid_prefix", "must be 3 to 9, not 2"),
        ("10812345678", "invalid_prefix", "not 0"),
        ("138-1234-5678", "invalid_character", "'-' is not allowed"),
        ("+8513812345678", "invalid_character", "'+' is not allowed"),
        ("１３８12345678", "invalid_character", "'１' is not allowed"),
        ("", "invalid_length", "this one has 0"),
    ],
)
def test_mobile_rejects_invalid_values_with_clear_message(value, code, fragment):
    error = raised(validate_mobile, value)
    assert error.code == code
    assert fragment in english(error)


@given(st.sampled_from("3456789"), digit_strings(9), st.booleans())
def test_mobile_any_well_formed_number_is_accepted(second, rest, with_prefix):
    validate_mobile(("+86" if with_prefix else "") + "1" + second + rest)


# ---------------------------------------------------------------------------
# Patent application number
# ---------------------------------------------------------------------------


@st.composite
def patent_bodies(draw) -> str:
    if draw(st.booleans()):
        year = draw(st.integers(2003, TODAY.year))
        return f"{year}{draw(st.sampled_from(sorted(PATENT_TYPES)))}{draw(digit_strings(7))}"
    year = draw(st.integers(1985, 2003)) % 100
    return f"{year:02d}{draw(st.sampled_from(sorted(PATENT_TYPES)))}{draw(digit_strings(5))}"


@pytest.mark.parametrize(
    "value",
    [
        "CN201080063196.9",
        "CN 2010 8 0063196 .9",
        "201080063196.9",
        "2010800631969",
        "ZL201080063196.9",
        "zl 201080063196.9",
    ],
)
def test_patent_accepts_known_real_example_in_every_spelling(value):
    validate_patent_application_number(value)
    assert patent_normalise(value) == "201080063196.9"
    assert patent_type_from_number(value) == "pct_invention"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("201080063196", "9"),
        ("202310000000", "0"),
        ("202310000002", "X"),
        ("98100003", "7"),
        ("03100001", "0"),
    ],
)
def test_patent_check_char_matches_hand_computed_values(digits, expected):
    assert patent_check_char(digits) == expected


@pytest.mark.parametrize(
    ("type_digit", "name"),
    [
        ("1", "invention"),
        ("2", "utility_model"),
        ("3", "design"),
        ("8", "pct_invention"),
        ("9", "pct_utility_model"),
    ],
)
def test_patent_type_from_number_names_each_type(type_digit, name):
    digits = f"2023{type_digit}0123456"
    assert patent_type_from_number(f"ZL{digits}.{patent_check_char(digits)}") == name
    old = f"98{type_digit}01234"
    assert patent_type_from_number(f"{old}{patent_check_char(old)}") == name


def test_patent_normalise_keeps_old_format_short():
    assert patent_normalise("ZL 98 1 00003 .7") == "98100003.7"


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("", "empty", "Enter a patent application number"),
        ("ZL", "empty", "Enter a patent application number"),
        ("2010800631.96.9", "misplaced_dot", "just before the final check character"),
        ("20108006319.69", "misplaced_dot", "just before the final check character"),
        ("201080063196.", "missing_check_character", "after the dot is missing"),
        ("201080063196", "missing_check_character", "at the end is missing"),
        ("2010A0063196.9", "invalid_character", "'A' is not allowed"),
        ("20108006319.9", "invalid_length", "this one has 11 digits"),
        ("2023100000000.X", "invalid_length", "this one has 13 digits"),
        ("202310000000.x", "lowercase_x", "Upper-case X only"),
        ("201080063196.Y", "invalid_check_character", "digit or an upper-case X, not 'Y'"),
        ("200210000000.2", "invalid_year", "12-digit application numbers began in 2003"),
        ("299910000000.0", "invalid_year", "The year 2999 is in the future"),
        ("04100001.2", "invalid_year", "8-digit application numbers were used from 1985 to 2003"),
        ("202340000000.0", "invalid_type", "must be 1, 2, 3, 8 or 9, not 4"),
        ("201080063196.8", "wrong_check_character", "should be '9', not '8'"),
    ],
)
def test_patent_rejects_invalid_values_with_clear_message(value, code, fragment):
    error = raised(validate_patent_application_number, value)
    assert error.code == code
    assert fragment in english(error)


def test_patent_check_char_rejects_bad_length():
    with pytest.raises(ValueError):
        patent_check_char("2023100000")


@given(patent_bodies(), st.booleans(), st.sampled_from(["", "ZL", "CN", "ZL ", "cn "]))
def test_patent_computed_check_char_validates(digits, with_dot, prefix):
    check = patent_check_char(digits)
    value = f"{prefix}{digits}{'.' if with_dot else ''}{check}"
    assert patent_normalise(value) == f"{digits}.{check}"


@given(patent_bodies())
def test_patent_every_corrupted_check_char_is_rejected(digits):
    correct = patent_check_char(digits)
    for wrong in MOD11_SYMBOLS.replace(correct, ""):
        error = raised(validate_patent_application_number, f"{digits}.{wrong}")
        assert error.code == "wrong_check_character"


@given(patent_bodies(), st.data(), st.integers(1, 9))
def test_patent_changed_serial_digit_is_rejected(digits, data, shift):
    serial_start = 5 if len(digits) == 12 else 3
    position = data.draw(st.integers(serial_start, len(digits) - 1))
    check = patent_check_char(digits)
    new_digit = str((int(digits[position]) + shift) % 10)
    corrupted = digits[:position] + new_digit + digits[position + 1 :]
    error = raised(validate_patent_application_number, f"{corrupted}.{check}")
    assert error.code == "wrong_check_character"


# ---------------------------------------------------------------------------
# Region code
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "110000",
        "110105",
        "150100",
        "350100",
        "460100",
        "540000",
        "650100",
        "710000",
        "810000",
        "820000",
    ],
)
def test_region_code_accepts_province_level_codes(value):
    validate_region_code(value)


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("000000", "all_zeros", "cannot be all zeros"),
        ("11010", "invalid_format", "exactly six digits; '11010' is not"),
        ("1101050", "invalid_format", "exactly six digits"),
        ("11010A", "invalid_format", "exactly six digits"),
        ("１10105", "invalid_format", "exactly six digits"),
        ("110 05", "spaces", "Remove the spaces"),
        ("100000", "invalid_province", "10 is not one"),
        ("160000", "invalid_province", "16 is not one"),
        ("240000", "invalid_province", "24 is not one"),
        ("380000", "invalid_province", "38 is not one"),
        ("470000", "invalid_province", "47 is not one"),
        ("550000", "invalid_province", "55 is not one"),
        ("660000", "invalid_province", "66 is not one"),
        ("720000", "invalid_province", "72 is not one"),
        ("830000", "invalid_province", "83 is not one"),
        ("990000", "invalid_province", "99 is not one"),
    ],
)
def test_region_code_rejects_invalid_values_with_clear_message(value, code, fragment):
    error = raised(validate_region_code, value)
    assert error.code == code
    assert fragment in english(error)
