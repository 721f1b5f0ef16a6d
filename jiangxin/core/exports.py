""".xlsx writing: rows are written by xlsxwriter in constant-memory mode (flat memory
whatever the number of rows). Exports run as background jobs (core/export_jobs.py), which
write with `write_xlsx` and audit each export once.

Every cell is written by its typed writer: text with `write_string`, whatever its first
character, so a value such as `=HYPERLINK(...)`, `+1+1`, `@SUM(A1)` or `=cmd|'...'!A0`
stays text in the spreadsheet — never a formula, a link or a number (formula injection)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

# Defence in depth: even a stray `write()` must not turn text into formulas or links.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def safe_workbook(fileobj, **options) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook that never interprets text (see WORKBOOK_OPTIONS)."""
    return xlsxwriter.Workbook(fileobj, {**options, **WORKBOOK_OPTIONS})


def write_cell(ws, row: int, col: int, value, fmt=None, *, date_fmt=None) -> None:
    """Write one value with the writer of its type: text is always text."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, datetime.datetime | datetime.date):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        ws.write_datetime(row, col, value, date_fmt or fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_text_row(ws, row: int, values: Iterable, fmt=None) -> None:
    """A row of text cells (headers, labels): `write_string` for every one."""
    for col, value in enumerate(values):
        ws.write_string(row, col, "" if value is None else str(value), fmt)


def write_xlsx(rows: Iterable[list], fileobj, *, sheet: str = "Sheet1") -> int:
    """Write rows (the first is the header) to an .xlsx; returns the number of data rows."""
    book = safe_workbook(fileobj, constant_memory=True, in_memory=False)
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    string, number, blank = ws.write_string, ws.write_number, ws.write_blank
    count = -1
    for count, row in enumerate(rows):
        if count == 0:
            write_text_row(ws, 0, row, bold)
            continue
        for col, value in enumerate(row):
            # the common types first, by exact type (a bool is not an int here); the rest
            # through write_cell — the same cells write_cell alone would write
            kind = type(value)
            if kind is str:
                if value:
                    string(count, col, value)
                else:
                    blank(count, col, None)
            elif kind is int or kind is float:
                number(count, col, float(value))
            elif value is None:
                blank(count, col, None)
            else:
                write_cell(ws, count, col, value, date_fmt=day)
    book.close()
    return max(count, 0)
