"""The generic column parsers every import shares (core/import_cells.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jiangxin.core.import_cells import (
    parse_code,
    parse_date,
    parse_number,
    parse_year,
    parse_yes_no,
    parse_yuan,
)


@pytest.mark.parametrize(
    "text",
    ["2024-05-01", "2024/5/1", "2024.05.01", "2024年5月1日", "20240501", "2024-05-01 00:00:00"],
)
def test_import_cells_date_as_officers_type_it(text):
    assert parse_date(text) == date(2024, 5, 1)


@pytest.mark.parametrize("text", ["2024-02-30", "5/1/2024", "明天", "2024-05-01 12:30:00"])
def test_import_cells_date_refused_with_the_format_to_use(text):
    with pytest.raises(ValidationError, match="2024-05-01"):
        parse_date(text)


def test_import_cells_yes_no_code_and_year():
    assert parse_yes_no("是") is True and parse_yes_no("No") is False
    with pytest.raises(ValidationError):
        parse_yes_no("也许")
    assert parse_code(" 91370102mA3c4x5y6z ") == "91370102MA3C4X5Y6Z"
    assert parse_year("2023.0") == 2023
    for bad in ("1949", "二〇二三", str(date.today().year + 2)):
        with pytest.raises(ValidationError):
            parse_year(bad)


def test_import_cells_number_and_money():
    assert parse_number("1,250.5") == Decimal("1250.5") and parse_number("0") == 0
    for bad in ("-1", "abc", "NaN", "Infinity"):
        with pytest.raises(ValidationError):
            parse_number(bad)
    assert parse_yuan("125，000.456") == Decimal("125000.46")
    for bad in ("0", "-5", "十万"):
        with pytest.raises(ValidationError):
            parse_yuan(bad)
