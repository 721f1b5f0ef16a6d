"""Patent numbers of each office: the rules where they are known (check digits by
property), normalised spellings, and messages that say what is wrong."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jiangxin.core.patent_numbers import (
    ep_check_digit,
    patent_number_parse,
    patent_office_guess,
)
from jiangxin.core.validators import patent_check_char


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def error_of(office, value, patent_type=""):
    with pytest.raises(ValidationError) as exc:
        patent_number_parse(office, value, patent_type)
    return exc.value


# --- EP: the check digit ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "check"),
    [("99403122", "7"), ("16839078", "9"), ("21812345", "3"), ("13748138", "8")],
)
def test_ep_check_digit_matches_published_numbers(digits, check):
    assert ep_check_digit(digits) == check


ep_bodies = st.builds(
    lambda yy, serial: f"{yy:02d}{serial:06d}",
    st.integers(min_value=2, max_value=24),
    st.integers(min_value=0, max_value=999_999),
)


@settings(deadline=None)  # pure and fast; no timing flakes on a loaded machine
@given(ep_bodies, st.sampled_from(["EP", "EP ", "ep", ""]), st.booleans())
def test_ep_computed_check_digit_validates_in_any_spelling(digits, prefix, spaced):
    check = ep_check_digit(digits)
    body = f"{digits[:2]} {digits[2:]}" if spaced else digits
    parsed = patent_number_parse("ep", f"{prefix}{body}.{check}")
    assert parsed.number == f"EP{digits}.{check}" and parsed.patent_type == "invention"
    assert patent_number_parse("ep", parsed.number) == parsed  # normalised is a fixed point


@settings(deadline=None)  # pure and fast; no timing flakes on a loaded machine
@given(ep_bodies, st.integers(min_value=1, max_value=9))
def test_ep_every_wrong_check_digit_is_refused(digits, shift):
    wrong = str((int(ep_check_digit(digits)) + shift) % 10)
    error = error_of("ep", f"EP{digits}.{wrong}")
    assert error.code == "wrong_check_character"
    assert f"must be {ep_check_digit(digits)}, not {wrong}" in error.messages[0]


@settings(deadline=None)  # pure and fast; no timing flakes on a loaded machine
@given(ep_bodies, st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=9))
def test_ep_check_digit_catches_every_single_digit_typo(digits, position, shift):
    typo = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1 :]
    assert ep_check_digit(typo) != ep_check_digit(digits)


def test_ep_publication_number_accepted_with_or_without_kind_code():
    assert patent_number_parse("ep", "EP 3 123 456").number == "EP3123456"
    assert patent_number_parse("ep", "ep3123456 b1").number == "EP3123456B1"


def test_ep_missing_check_digit_and_bad_form_refused():
    assert error_of("ep", "EP21812345").code == "missing_check_character"
    assert "EP21812345.3" in error_of("ep", "EP218123").messages[0]


def test_ep_before_2002_check_digit_not_verified():
    assert patent_number_parse("ep", "EP99123456.0").year == 1999


# --- CN keeps its check character ---------------------------------------------------------


@settings(deadline=None)  # pure and fast; no timing flakes on a loaded machine
@given(
    st.integers(min_value=2003, max_value=2025),
    st.sampled_from("12389"),
    st.integers(min_value=0, max_value=9_999_999),
)
def test_cn_number_through_the_office_entry_point(year, digit, serial):
    digits = f"{year}{digit}{serial:07d}"
    parsed = patent_number_parse("cn", f"ZL{digits}.{patent_check_char(digits)}")
    assert parsed.number == f"{digits}.{patent_check_char(digits)}" and parsed.year == year
    assert parsed.patent_type == {"1": "invention", "2": "utility_model", "3": "design"}.get(
        digit, "pct"
    )


# --- PCT, US, JP, other -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number", "year"),
    [
        ("PCT/CN2024/123456", "PCT/CN2024/123456", 2024),
        ("pct/cn 2024/123456", "PCT/CN2024/123456", 2024),
        ("PCTUS2021098765", "PCT/US2021/098765", 2021),
        ("PCT/CN03/12345", "PCT/CN03/12345", 2003),
    ],
)
def test_pct_numbers_normalised(value, number, year):
    parsed = patent_number_parse("pct", value)
    assert (parsed.number, parsed.year, parsed.patent_type) == (number, year, "pct")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("PCT/C2024/123456", "PCT/CN2024/123456"),
        ("PCT/CN2024/12345", "PCT/CN2024/123456"),
        ("PCT/CN2003/123456", "Before 2004"),
        ("PCT/CN2099/123456", "in the future"),
    ],
)
def test_pct_bad_numbers_refused_with_example(value, fragment):
    assert fragment in error_of("pct", value).messages[0]


@pytest.mark.parametrize(
    ("value", "number", "ptype"),
    [
        ("17/123,456", "17/123,456", "invention"),
        ("17123456", "17/123,456", "invention"),
        ("US 16/987,654", "16/987,654", "invention"),
        ("29/765,432", "29/765,432", "design"),
        ("63/111,222", "63/111,222", "invention"),
    ],
)
def test_us_application_numbers(value, number, ptype):
    parsed = patent_number_parse("us", value)
    assert (parsed.number, parsed.patent_type) == (number, ptype)


def test_us_unknown_series_and_bad_form_refused():
    assert error_of("us", "45/123,456").code == "invalid_series"
    assert "17/123,456" in error_of("us", "17/12,456").messages[0]


@pytest.mark.parametrize(
    ("value", "given", "number", "ptype"),
    [
        ("特願2020-123456", "", "特願2020-123456", "invention"),
        ("JP2020123456", "", "特願2020-123456", "invention"),
        ("実願2021-001234", "", "実願2021-001234", "utility_model"),
        ("2022-004321", "design", "意願2022-004321", "design"),
    ],
)
def test_jp_application_numbers(value, given, number, ptype):
    parsed = patent_number_parse("jp", value, given)
    assert (parsed.number, parsed.patent_type, parsed.year) == (number, ptype, int(number[2:6]))


def test_jp_old_era_numbers_refused_with_pointer():
    assert "western year" in error_of("jp", "平成11年特許願第123456号").messages[0]
    assert "before that" in error_of("jp", "特願1999-123456").messages[0]


def test_other_office_free_but_bounded():
    assert patent_number_parse("other", " KR 10-2020-0123456 ").number == "KR 10-2020-0123456"
    assert error_of("other", "K1").code == "invalid_length"
    assert error_of("other", "X" * 41).code == "invalid_length"
    assert error_of("other", "DE<script>").code == "invalid_character"


def test_unknown_office_and_empty_number_refused():
    assert error_of("xx", "123").code == "invalid_office"
    assert error_of("cn", "  ").code == "empty"


@pytest.mark.parametrize(
    ("value", "office"),
    [
        ("PCT/CN2024/123456", "pct"),
        ("US17/123,456", "us"),
        ("EP21812345.3", "ep"),
        ("特願2020-123456", "jp"),
        ("ZL202310123456.6", "cn"),
        ("202310123456.6", "cn"),
        ("KR10-2020-0123456", "other"),
    ],
)
def test_office_guessed_from_the_prefix(value, office):
    assert patent_office_guess(value) == office
