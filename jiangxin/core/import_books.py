"""The workbooks of an import: the annotated copy of a refused file (each bad cell red
with its message, ID numbers masked) and the template (bilingual headers, notes,
dropdowns). `from jiangxin.core.imports import annotated_workbook, import_template`
works as well."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from .exports import safe_workbook, write_text_row
from .imports import ImportSheet, ImportSpec, RowError, _text
from .pii_text import mask_id_numbers


def annotated_workbook(spec: ImportSpec, sheet: ImportSheet, errors: list[RowError]) -> bytes:
    """The uploaded rows again (streamed from the sheet), each bad cell red with its
    message as a comment, and a last column listing every message of the row. ID numbers
    are masked in it (first 6, last 4): the row and the field are enough to find what to
    fix in one's own file, and this copy is kept on the server for days."""
    buf = io.BytesIO()
    book = safe_workbook(buf, in_memory=True)
    ws = book.add_worksheet(spec.sheet_name)
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    by_row: dict[int, dict[str | None, list[str]]] = {}
    for e in errors:
        by_row.setdefault(e.row, {}).setdefault(e.column, []).append(e.message)
    keys = [c.key if c else None for c in sheet.columns]
    headers = [c.header() if c else "" for c in sheet.columns]
    write_text_row(ws, 0, headers + [_("Errors")], head)
    for rownum, cells in sheet.rows():
        r = rownum  # 0-based row index in the sheet == 1-based data row number
        row_errors = by_row.get(rownum + 1, {})
        row_msgs = []
        for ci, raw in enumerate(cells[: len(keys)]):
            msgs = [mask_id_numbers(m) for m in row_errors.get(keys[ci]) or []]
            value = mask_id_numbers(_text(raw))
            if msgs:
                ws.write_string(r, ci, value, bad)
                ws.write_comment(r, ci, "\n".join(msgs))
                row_msgs += [f"{headers[ci]}: {m}" for m in msgs]
            else:
                ws.write_string(r, ci, value)
        for column, msgs in row_errors.items():
            if column is None or column not in keys:
                label = next((c.header() for c in spec.columns if c.key == column), None)
                if label is None:
                    from .errors import field_label

                    label = field_label(column)
                row_msgs += [mask_id_numbers(f"{label}: {m}" if label else m) for m in msgs]
        if row_msgs:
            ws.write_string(r, len(keys), "；".join(row_msgs), bad)
    book.close()
    return buf.getvalue()


def import_template(spec: ImportSpec) -> bytes:
    """The .xlsx template: bilingual headers with notes, dropdowns for choice columns."""
    buf = io.BytesIO()
    book = safe_workbook(buf, in_memory=True)
    ws = book.add_worksheet(spec.sheet_name)
    req = book.add_format({"bold": True, "bg_color": "#FCE4D6", "text_wrap": True})
    opt = book.add_format({"bold": True, "bg_color": "#EEEEEE", "text_wrap": True})
    lists = book.add_worksheet("choices")
    for ci, column in enumerate(spec.columns):
        ws.write_string(
            0,
            ci,
            column.header() + (" *" if column.required else ""),
            req if column.required else opt,
        )
        ws.set_column(ci, ci, column.width)
        note = str(column.note) or ""
        if column.required:
            note = (note + "\n" if note else "") + _("Required.")
        if note:
            ws.write_comment(0, ci, note)
        if column.choices:
            labels = [f"{v} {label}" for v, label in column.choices]
            for li, label in enumerate(labels):
                lists.write_string(li, ci, label)
            ref = f"=choices!${xlsxwriter.utility.xl_col_to_name(ci)}$1:${xlsxwriter.utility.xl_col_to_name(ci)}${len(labels)}"
            ws.data_validation(
                1,
                ci,
                100000,
                ci,
                {
                    "validate": "list",
                    "source": ref,
                    "error_message": _("Choose a value from the list."),
                },
            )
    lists.hide()
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()
