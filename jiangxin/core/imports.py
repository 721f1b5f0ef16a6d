"""The Excel import framework.

A module declares an `ImportSpec`: its columns (zh/en labels, parser, validators, choices
for dropdowns), the idempotency key, a `prepare` step doing bulk lookups, a per-row
`check`, and a bulk `write`. `import_run` reads the .xlsx with python-calamine, validates
every row, then writes all rows in one transaction — or none, returning an annotated
workbook where each bad cell carries its message. Rows already in the database unchanged
are skipped, so re-importing a file changes nothing."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import xlsxwriter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import require_perm
from .audit import audit_record
from .models import AuditEvent


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong type, empty, bad headers, too big)."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class Column:
    key: str
    label_zh: str
    label_en: str
    required: bool = True
    parse: Callable[[str], Any] = _text
    validators: list[Callable[[Any], None]] = field(default_factory=list)
    choices: list[tuple[str, str]] | None = None  # (stored value, label shown in the dropdown)
    note: str = ""
    width: int = 18

    def header(self) -> str:
        return f"{self.label_zh} {self.label_en}"

    def matches(self, header: str) -> bool:
        h = header.strip().replace("*", "").strip().lower()
        return h in {self.label_zh.lower(), self.label_en.lower(), self.header().lower(), self.key}

    @cached_property
    def choice_lookup(self) -> dict[str, str]:
        """Every accepted spelling of a choice (its value, its label in Chinese and in
        English, and "value label" as the template's dropdown writes it) → the value.
        Built once per column: it covers both languages, so it does not depend on the
        active one (building it per cell cost ~40 translations a row on a 100k import)."""
        from django.utils import translation

        lookup: dict[str, str] = {}
        for value, label in self.choices or []:
            lookup[str(value).lower()] = value
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    text = str(label)
                lookup[text.lower()] = value
                lookup[f"{value} {text}".lower()] = value
        return lookup

    def convert(self, raw: Any) -> Any:
        text = _text(raw)
        if not text:
            if self.required:
                raise ValidationError(_("This column is required."))
            return "" if self.parse is _text else None
        if self.choices:
            value = self.choice_lookup.get(text.lower())
            if value is None:
                raise ValidationError(_("“%(value)s” is not one of the choices.") % {"value": text})
            text = value
        value = self.parse(text)
        for validator in self.validators:
            validator(value)
        return value


@dataclass
class RowError:
    row: int  # 1-based spreadsheet row number
    column: str | None  # column key, None for the whole row
    message: str


@dataclass
class ImportResult:
    ok: bool
    total: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    annotated: bytes | None = None

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "total": self.total,
            "created": self.created,
            "unchanged": self.unchanged,
            "errors": [[e.row, e.column, e.message] for e in self.errors[:200]],
            "error_count": len(self.errors),
        }


class ImportSpec:
    """Subclass per import. Override `prepare`, `check` and `write`."""

    name: str = ""
    title = gettext_lazy("Import")
    columns: list[Column] = []
    key: str = ""
    perm: str = "data.import"
    sheet_name = "data"

    def prepare(self, actor, rows: list[dict]) -> Any:
        """Bulk lookups for all rows (one query per lookup, not per row)."""
        return None

    def check(self, actor, row: dict, ctx: Any) -> str:
        """Validate one parsed row against the database. Raise ValidationError({column: msg})
        for a bad row; return "new" to write it or "unchanged" to skip it."""
        return "new"

    def write(self, actor, rows: list[dict], ctx: Any, progress=None) -> int:
        raise NotImplementedError


def _read_rows(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise ImportFileError(_("The workbook has no sheet."))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _("This is not a readable .xlsx file (it may be corrupt): %(error)s") % {"error": exc}
        ) from exc


def import_read(
    spec: ImportSpec, data: bytes, filename: str
) -> tuple[list[Column], list[tuple[int, list[Any]]]]:
    """Check the file as a whole and return (columns in file order, [(row number, cells)])."""
    if not filename.lower().endswith(".xlsx"):
        raise ImportFileError(
            _("Upload an Excel workbook (.xlsx); “%(name)s” is not one.") % {"name": filename}
        )
    if len(data) > settings.JX_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB.")
            % {"size": len(data) / 1e6, "limit": settings.JX_IMPORT_MAX_BYTES / 1e6}
        )
    if not data.startswith(b"PK"):
        raise ImportFileError(_("This is not a readable .xlsx file (it may be corrupt)."))
    table = _read_rows(data)
    while table and not any(_text(c) for c in table[-1]):
        table.pop()
    if not table or not any(_text(c) for c in table[0]):
        raise ImportFileError(_("The first sheet is empty."))
    headers = [_text(h) for h in table[0]]
    columns: list[Column | None] = []
    unknown = []
    for header in headers:
        column = next((c for c in spec.columns if c.matches(header)), None)
        if column is None and header:
            unknown.append(header)
        columns.append(column)
    if unknown:
        raise ImportFileError(
            _("Unknown column headers: %(h)s. Use the template.") % {"h": "、".join(unknown)}
        )
    present = {c.key for c in columns if c}
    missing = [c.header() for c in spec.columns if c.required and c.key not in present]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(h)s. Use the template.") % {"h": "、".join(missing)}
        )
    rows = [
        (i, r) for i, r in enumerate(table[1:], start=1) if any(_text(c) for c in r)
    ]  # (0-based sheet row, cells)
    if not rows:
        raise ImportFileError(_("The sheet has headers but no data rows."))
    if len(rows) > settings.JX_IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("The file has %(n)d rows; the limit is %(limit)d.")
            % {"n": len(rows), "limit": settings.JX_IMPORT_MAX_ROWS}
        )
    return columns, rows  # type: ignore[return-value]


def _messages(exc: ValidationError) -> dict[str | None, str]:
    if hasattr(exc, "error_dict"):
        return {
            (None if k == "__all__" else k): "；".join(str(m) for e in v for m in e.messages)
            for k, v in exc.error_dict.items()
        }
    return {None: "；".join(exc.messages)}


def import_run(
    *, actor, spec: ImportSpec, data: bytes, filename: str, progress=None
) -> ImportResult:
    """Validate every row; write all in one transaction or none. Never half-saves."""
    require_perm(actor, spec.perm)
    try:
        columns, table = import_read(spec, data, filename)
    except ImportFileError as exc:
        audit_record(
            actor=actor,
            action=f"import.{spec.name}",
            result=AuditEvent.Result.FAILURE,
            details={"file": filename, "error": str(exc)},
        )
        raise
    if progress:
        progress.start(len(table) * 2)
    parsed: list[tuple[int, dict]] = []
    errors: list[RowError] = []
    seen: dict[Any, int] = {}
    for rownum, cells in table:
        row: dict[str, Any] = {}
        for column, raw in zip(columns, cells, strict=False):
            if column is None:
                continue
            try:
                row[column.key] = column.convert(raw)
            except ValidationError as exc:
                errors.append(RowError(rownum + 1, column.key, "；".join(exc.messages)))
        for column in spec.columns:
            if column.key not in row and column.key not in {
                e.column for e in errors if e.row == rownum + 1
            }:
                row.setdefault(column.key, "" if column.parse is _text else None)
        key = row.get(spec.key)
        if key not in (None, ""):
            if key in seen:
                errors.append(
                    RowError(
                        rownum + 1,
                        spec.key,
                        _("Duplicate of row %(row)d in this file.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = rownum + 1
        parsed.append((rownum + 1, row))
        if progress:
            progress.step()
    bad_rows = {e.row for e in errors}
    good = [(n, r) for n, r in parsed if n not in bad_rows]
    ctx = spec.prepare(actor, [r for _n, r in good])
    to_write: list[dict] = []
    unchanged = 0
    for n, row in good:
        try:
            verdict = spec.check(actor, row, ctx)
        except ValidationError as exc:
            for col, msg in _messages(exc).items():
                errors.append(RowError(n, col, msg))
            continue
        if verdict == "unchanged":
            unchanged += 1
        else:
            to_write.append(row)
        if progress:
            progress.step()
    result = ImportResult(
        ok=not errors,
        total=len(parsed),
        unchanged=unchanged,
        errors=sorted(errors, key=lambda e: e.row),
    )
    if errors:
        result.annotated = annotated_workbook(spec, columns, table, result.errors)
        audit_record(
            actor=actor,
            action=f"import.{spec.name}",
            result=AuditEvent.Result.FAILURE,
            details={"file": filename, "rows": len(parsed), "errors": len(errors)},
        )
        return result
    with transaction.atomic():
        result.created = spec.write(actor, to_write, ctx) if to_write else 0
        audit_record(
            actor=actor,
            action=f"import.{spec.name}",
            details={
                "file": filename,
                "rows": len(parsed),
                "created": result.created,
                "unchanged": unchanged,
            },
        )
    return result


def annotated_workbook(
    spec: ImportSpec,
    columns: list[Column | None],
    table: list[tuple[int, list[Any]]],
    errors: list[RowError],
) -> bytes:
    """The uploaded rows again, each bad cell red with its message as a comment, and a
    last column listing every message of the row."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet(spec.sheet_name)
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    by_cell: dict[tuple[int, str | None], list[str]] = {}
    for e in errors:
        by_cell.setdefault((e.row, e.column), []).append(e.message)
    keys = [c.key if c else None for c in columns]
    headers = [c.header() if c else "" for c in columns]
    ws.write_row(0, 0, headers + [_("Errors")], head)
    for rownum, cells in table:
        r = rownum  # 0-based row index in the sheet == 1-based data row number
        row_msgs = []
        for ci, raw in enumerate(cells[: len(keys)]):
            msgs = by_cell.get((rownum + 1, keys[ci]))
            value = _text(raw)
            if msgs:
                ws.write_string(r, ci, value, bad)
                ws.write_comment(r, ci, "\n".join(msgs))
                row_msgs += [f"{headers[ci]}: {m}" for m in msgs]
            else:
                ws.write_string(r, ci, value)
        for (erow, ecol), msgs in by_cell.items():
            if erow == rownum + 1 and (ecol is None or ecol not in keys):
                row_msgs += msgs
        if row_msgs:
            ws.write_string(r, len(keys), "；".join(row_msgs), bad)
    book.close()
    return buf.getvalue()


def import_template(spec: ImportSpec) -> bytes:
    """The .xlsx template: bilingual headers with notes, dropdowns for choice columns."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet(spec.sheet_name)
    req = book.add_format({"bold": True, "bg_color": "#FCE4D6", "text_wrap": True})
    opt = book.add_format({"bold": True, "bg_color": "#EEEEEE", "text_wrap": True})
    lists = book.add_worksheet("choices")
    for ci, column in enumerate(spec.columns):
        ws.write(
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
            lists.write_column(0, ci, labels)
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


def iter_chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
