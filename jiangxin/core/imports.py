"""The Excel import framework.

A module declares an `ImportSpec`: its columns (zh/en labels, parser, validators, choices
for dropdowns), the idempotency key, a `prepare` step doing bulk lookups, a per-row
`check`, and a bulk `write`. `import_run` reads the .xlsx with python-calamine, validates
every row without a write lock, then writes all rows in one short transaction — or none, returning an annotated
workbook where each bad cell carries its message. Rows already in the database unchanged
are skipped, so re-importing a file changes nothing."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import require_perm
from .audit import audit_record
from .models import AuditEvent
from .xlsx_limits import XlsxRefused, xlsx_check


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
    max_length: int | None = None  # of the text as stored

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
        text = raw.strip() if raw.__class__ is str else _text(raw)
        if not text:
            if self.required:
                raise ValidationError(_("This column is required."))
            return "" if self.parse is _text else None
        if self.choices:
            value = self.choice_lookup.get(text.lower())
            if value is None:
                raise ValidationError(_("“%(value)s” is not one of the choices.") % {"value": text})
            text = value
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                _("At most %(max)d characters; this has %(n)d.")
                % {"max": self.max_length, "n": len(text)}
            )
        value = text if self.parse is _text else self.parse(text)
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
    columns: list[Column] = field(default_factory=list)  # the spec's, to name them in words
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase (the bench)

    def column_label(self, key: str | None) -> str | None:
        """The column as its header reads (in the active language), never its key."""
        from django.utils.translation import get_language

        column = next((c for c in self.columns if c.key == key), None)
        if column is None:
            from .errors import field_label

            return field_label(key)
        zh = (get_language() or "zh-hans").startswith("zh")
        return column.label_zh if zh else str(column.label_en)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "total": self.total,
            "created": self.created,
            "unchanged": self.unchanged,
            "errors": [[e.row, self.column_label(e.column), e.message] for e in self.errors[:200]],
            "error_count": len(self.errors),
        }


class ImportSpec:
    """Subclass per import. Override `prepare`, `check` and `write` (and `begin` when rows
    depend on each other across the file).

    Rows stream through in batches of `batch_size`: each batch is parsed, looked up
    (`prepare`), checked row by row (`check`) and its new rows staged (`stage`) — all
    outside any transaction, so no write lock is held meanwhile. Once every row passed,
    the staged batches are written (`write`) in one short transaction. State that must
    span batches (rows seen so far, per-file caches) lives in the dict `begin` returns;
    `prepare` returns the batch's lookups, and `check`/`stage`/`write` get both merged.
    `write` may rely only on what validation saw: if the database changed meanwhile, a
    unique constraint (IntegrityError) or `ImportChanged` undoes the write and the file
    is validated again."""

    name: str = ""
    title = gettext_lazy("Import")
    columns: list[Column] = []
    key: str = ""
    perm: str = "data.import"
    sheet_name = "data"
    batch_size = 5000

    def permits(self, user) -> bool:
        """May `user`, in their active role, run this import? (The permission, by default.)"""
        from .access import user_scope

        return user_scope(user).has(self.perm)

    def begin(self, actor) -> dict:
        """State kept for the whole file (e.g. keys seen in earlier rows)."""
        return {}

    def prepare(self, actor, rows: list[dict], state: dict) -> dict | None:
        """Bulk lookups for one batch of rows (one query per lookup, not per row). May
        cache in `state` what later batches need again."""
        return None

    def check(self, actor, row: dict, ctx: dict) -> str:
        """Validate one parsed row against the database. Raise ValidationError({column: msg})
        for a bad row; return "new" to write it or "unchanged" to skip it."""
        return "new"

    def stage(self, actor, rows: list[dict], ctx: dict) -> Any:
        """What the write needs of one batch of checked new rows, kept in memory until
        the write phase (by default the rows; a spec may keep less, e.g. tuples)."""
        return rows

    def write(self, actor, rows: Any, ctx: dict) -> int:
        """Write one batch of checked new rows through the app's bulk service; return how
        many were created. The service is told not to audit (`audit=False`): the import
        records one event for the whole file."""
        raise NotImplementedError

    def prewrite(self, actor, rows: Any, ctx: dict) -> None:
        """Before the write's transaction, outside any: commit what can be written
        invisibly first (RowInsert.commit_pending on SQLite), so the write's own
        transaction stays short. By default nothing."""

    def end(self, state: dict) -> None:
        """After the write or the refusal: release what `stage` kept (e.g. a staging
        table)."""

    def summary(self, state: dict) -> dict:
        """What the file's one audit event adds to its counts (e.g. roles granted)."""
        return {}


def _open_sheet(data: bytes):
    """The first sheet, loaded by python-calamine (its cells stay in calamine's own
    memory; rows become Python lists one at a time as they are iterated)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise ImportFileError(_("The workbook has no sheet."))
        return book.get_sheet_by_index(0)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _("This is not a readable .xlsx file (it may be corrupt): %(error)s") % {"error": exc}
        ) from exc


def _blank(cells: list[Any]) -> bool:
    for c in cells:
        if c.__class__ is str:
            if c and not c.isspace():
                return False
        elif c is not None:
            return False
    return True


@dataclass
class ImportSheet:
    """An uploaded sheet whose headers passed: the columns in file order and a way to
    stream its non-blank data rows as (0-based sheet row, cells), as often as needed."""

    sheet: Any
    columns: list[Column | None]
    total: int  # data rows, blank ones included (an upper bound for the progress bar)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        it = self.sheet.iter_rows()
        next(it, None)  # headers
        for i, cells in enumerate(it, start=1):
            if not _blank(cells):
                yield i, cells


def import_read(spec: ImportSpec, data: bytes, filename: str) -> ImportSheet:
    """Check the file as a whole (type, size, headers, row count) and return the sheet."""
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
    try:
        xlsx_check(data)  # bounded before the reader unpacks anything (core/xlsx_limits.py)
    except XlsxRefused as exc:
        raise ImportFileError(str(exc)) from exc
    sheet = _open_sheet(data)
    first = next(sheet.iter_rows(), None) if sheet.height else None
    if first is None or _blank(first):
        raise ImportFileError(_("The first sheet is empty."))
    headers = [_text(h) for h in first]
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
    result = ImportSheet(sheet=sheet, columns=columns, total=max(sheet.height - 1, 0))
    # Blank rows are counted only when the sheet looks too long.
    count = result.total
    if count > settings.JX_IMPORT_MAX_ROWS:
        count = sum(1 for _row in result.rows())
    if not count or next(result.rows(), None) is None:
        raise ImportFileError(_("The sheet has headers but no data rows."))
    if count > settings.JX_IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("The file has %(n)d rows; the limit is %(limit)d.")
            % {"n": count, "limit": settings.JX_IMPORT_MAX_ROWS}
        )
    return result


def _messages(exc: ValidationError) -> dict[str | None, str]:
    if hasattr(exc, "error_dict"):
        return {
            (None if k == "__all__" else k): "；".join(str(m) for e in v for m in e.messages)
            for k, v in exc.error_dict.items()
        }
    return {None: "；".join(exc.messages)}


class ImportChanged(Exception):
    """The database changed between validation and write so that a row no longer fits (a
    unique key taken meanwhile): raised by the write step, which is then undone."""


def _parse_row(
    columns: list[tuple[int, Column]], blanks: dict[str, Any], cells: list[Any], rownum: int
) -> tuple[dict[str, Any], list[RowError]]:
    row = dict(blanks)
    errors: list[RowError] = []
    width = len(cells)
    for index, column in columns:
        try:
            row[column.key] = column.convert(cells[index] if index < width else None)
        except ValidationError as exc:
            errors.append(RowError(rownum, column.key, "；".join(exc.messages)))
    return row, errors


@dataclass
class _Checked:
    """What the validation phase leaves for the write: the staged batches (each with its
    lookups) while no row failed, the errors otherwise."""

    state: dict
    errors: list[RowError] = field(default_factory=list)
    staged: list[tuple[Any, dict]] = field(default_factory=list)
    total: int = 0
    unchanged: int = 0


class _Clock:
    """Seconds spent per phase of an import (open, read, parse, lookup, check, stage,
    write, commit), reported in `ImportResult.phases` for the bench."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._t
        self._t = now


def _validate(actor, spec: ImportSpec, sheet: ImportSheet, progress, clock: _Clock) -> _Checked:
    """The read-only phase: stream the sheet a batch at a time — parse, look up, check,
    stage the new rows for the write. No transaction is opened, so on SQLite no write
    lock is taken and every page keeps writing meanwhile. Staged rows are dropped as soon
    as a row fails (nothing will be written); the rest is still checked, so every error
    is reported."""
    columns = [(i, c) for i, c in enumerate(sheet.columns) if c is not None]
    present = {c.key for _i, c in columns}
    blanks = {
        c.key: ("" if c.parse is _text else None) for c in spec.columns if c.key not in present
    }
    out = _Checked(state=spec.begin(actor))
    errors = out.errors
    seen: dict[Any, int] = {}
    for batch in iter_chunks(sheet.rows(), spec.batch_size):
        clock.lap("read")
        parsed: list[tuple[int, dict]] = []
        for rownum, cells in batch:
            n = rownum + 1  # the row's number in the spreadsheet
            row, row_errors = _parse_row(columns, blanks, cells, n)
            key = row.get(spec.key) if spec.key else None
            if key not in (None, ""):
                first = seen.setdefault(key, n)
                if first != n:
                    row_errors.append(
                        RowError(
                            n,
                            spec.key,
                            _("Duplicate of row %(row)d in this file.") % {"row": first},
                        )
                    )
            if row_errors:
                errors += row_errors
            else:
                parsed.append((n, row))
        out.total += len(batch)
        clock.lap("parse")
        batch_ctx = spec.prepare(actor, [r for _n, r in parsed], out.state) if parsed else None
        ctx = {**out.state, **(batch_ctx or {})}
        clock.lap("lookup")
        new: list[dict] = []
        for n, row in parsed:
            try:
                verdict = spec.check(actor, row, ctx)
            except ValidationError as exc:
                errors += [RowError(n, col, msg) for col, msg in _messages(exc).items()]
                continue
            if verdict == "unchanged":
                out.unchanged += 1
            else:
                new.append(row)
        clock.lap("check")
        if errors:
            out.staged.clear()
        elif new:
            out.staged.append((spec.stage(actor, new, ctx), ctx))
        clock.lap("stage")
        if progress:
            progress.step(len(batch))
    return out


def _write(actor, spec: ImportSpec, checked: _Checked, filename: str, clock: _Clock) -> int:
    """The write phase: every staged batch and the file's one audit event in one short
    transaction (on SQLite the only time the import holds the write lock; a large file's
    rows are first committed as invisible chunks by the spec's `prewrite`, see
    core/bulk_insert.py, and made visible in this transaction)."""
    created = 0
    for staged, ctx in checked.staged:
        spec.prewrite(actor, staged, ctx)
    clock.lap("prewrite")
    with transaction.atomic():
        for staged, ctx in checked.staged:
            created += spec.write(actor, staged, ctx)
        clock.lap("write")
        audit_record(
            actor=actor,
            action=f"import.{spec.name}",
            details={
                "file": filename,
                "rows": checked.total,
                "created": created,
                "unchanged": checked.unchanged,
                **spec.summary(checked.state),
            },
        )
    clock.lap("commit")
    return created


def import_run(
    *, actor, spec: ImportSpec, data: bytes, filename: str, progress=None, on_phase=None
) -> ImportResult:
    """Validate every row, then write all of them in one short transaction, or none.

    Two phases. Validation (`_validate`) streams the sheet a batch at a time and takes no
    write lock. The write (`_write`) then inserts what was staged, in one transaction. If
    the database changed in between so that a row no longer fits (a unique key taken
    meanwhile: `IntegrityError` or the spec's `ImportChanged`), the write is undone and
    the file validated again, which names the rows in the annotated workbook; nothing is
    ever half-saved. `on_phase(name)` is called after "validated" (tests hook a
    concurrent writer there)."""
    require_perm(actor, spec.perm)
    if not spec.permits(actor):
        raise Http404
    clock = _Clock()
    try:
        sheet = import_read(spec, data, filename)
    except ImportFileError as exc:
        _audit_failure(actor, spec, {"file": filename, "error": str(exc)})
        raise
    clock.lap("open")  # the bounds (core/xlsx_limits.py), calamine's load, the headers
    if progress:
        progress.start(sheet.total)
    for attempt in range(2):
        checked = _validate(actor, spec, sheet, progress if attempt == 0 else None, clock)
        try:
            if on_phase:
                on_phase("validated")
            if checked.errors:
                return _refused(actor, spec, sheet, checked, filename)
            created = _write(actor, spec, checked, filename, clock)
        except (IntegrityError, ImportChanged, ValidationError) as exc:
            # a unique key or a write-time rule (a studio's leader taken meanwhile)
            if attempt and isinstance(exc, ValidationError):
                raise  # a rule the checks do not know: as before the split
            clock.lap("write")
            continue  # validate again: the rows that no longer fit get their message
        finally:
            spec.end(checked.state)
        return ImportResult(
            ok=True,
            total=checked.total,
            created=created,
            unchanged=checked.unchanged,
            phases=clock.phases,
        )
    message = _("The data changed while the file was imported; please import it again.")
    _audit_failure(actor, spec, {"file": filename, "error": message})
    raise ImportFileError(message)


def _audit_failure(actor, spec: ImportSpec, details: dict) -> None:
    audit_record(
        actor=actor,
        action=f"import.{spec.name}",
        result=AuditEvent.Result.FAILURE,
        details=details,
    )


def _refused(actor, spec, sheet, checked: _Checked, filename: str) -> ImportResult:
    errors = sorted(checked.errors, key=lambda e: e.row)
    result = ImportResult(
        ok=False,
        total=checked.total,
        unchanged=checked.unchanged,
        errors=errors,
        columns=spec.columns,
    )
    result.annotated = annotated_workbook(spec, sheet, errors)
    _audit_failure(actor, spec, {"file": filename, "rows": checked.total, "errors": len(errors)})
    return result


def iter_chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# The workbooks of an import (the annotated copy of a refused file, the template) live in
# import_books.py; imported last, as they use the classes above.
from .import_books import annotated_workbook, import_template  # noqa: E402, F401
