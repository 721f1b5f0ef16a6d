"""Streaming .xlsx exports: rows are written by xlsxwriter in constant-memory mode to a
temporary file, which is then streamed to the client. Every export writes an audit row."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

import xlsxwriter
from django.http import FileResponse

from .access import require_perm
from .audit import audit_record
from .roles import Perm


def write_xlsx(rows: Iterable[list], fileobj, *, sheet: str = "Sheet1") -> int:
    """Write rows (the first is the header) to an .xlsx; returns the number of data rows."""
    book = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "in_memory": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    count = -1
    for count, row in enumerate(rows):
        if count == 0:
            ws.write_row(0, 0, row, bold)
        else:
            ws.write_row(count, 0, row)
    book.close()
    return max(count, 0)


def xlsx_stream_response(
    request, rows: Iterable[list], *, filename: str, kind: str, perm: str = Perm.DATA_EXPORT
):
    require_perm(request.user, perm)
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    n = write_xlsx(rows, tmp)
    tmp.seek(0)
    audit_record(
        actor=request.user,
        action="export",
        details={"kind": kind, "rows": n, "filters": dict(request.GET.items())},
    )
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
