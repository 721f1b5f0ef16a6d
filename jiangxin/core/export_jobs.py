"""Exports as background jobs: the request checks the permission and the filters and
starts a job; the worker writes the workbook; the job's page offers the file to its owner.

Each module declares its exports in `module.py` (`exports={kind: dotted ExportSpec}`, see
`core/modules.py`); core's own are in CORE_EXPORTS. An export view parses its filters into
JSON-able params (objects by id, an ID number by its blind index) and calls
`export_start(request, kind, params)`, which

* checks the spec's permission (404 without it) and the params: the spec's rows are built
  and read up to their header, so a filter no query takes is a 400 with a message in the
  request, never a failed job or a 500;
* starts a job of kind "export" that runs as the user with the role active at the time of
  the request (`assignment`), with the request's filters kept masked (`pii_text.scrub`)
  for the audit row, and redirects to the job's page (progress bar, htmx polling).

The runner counts the rows first (the spec's `count`), then reads them inside one
`transaction.atomic()` on every database — so PostgreSQL streams `.iterator()` through a
plain server-side cursor, not a WITH HOLD one that fills the whole result first — and
writes them with `core.exports.write_xlsx` (constant memory) to MEDIA_ROOT/exports, which
no URL serves. Progress goes to the `jobs` cache only while the transaction is open (no
write in it: SQLite keeps its write lock free). One audit row per export (who, kind,
filters, rows). `job_export_view` serves the file to the job's owner only, with
`Cache-Control: no-store`; `export_files_purge` deletes files older than
`JX_IMPORT_FILE_DAYS`, with the import files (the worker's sweep, `jx_purge_imports`)."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .access import require_perm
from .audit import audit_record, current_ip
from .exports import write_xlsx
from .models_tasks import TaskProgress
from .pii_text import scrub
from .roles import Perm
from .tasks import LIVE_CACHE, Progress, _live_key, job_start, runner

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 500  # rows between two beats of the progress bar (to the `jobs` cache)


class ExportFilterError(ValueError):
    """A filter of an export that no query takes: the view answers 400 with this message."""


@dataclass(frozen=True)
class ExportSpec:
    """One export. `rows(user, **params)` yields the header, then one list per row;
    `count(user, **params)` (optional) says how many rows for the progress bar.
    `filename` may name params: "sheet-{campaign}-{org}.xlsx"."""

    kind: str  # also the audit row's details["kind"]
    title: Any  # a lazy translation: the job's title
    rows: Callable[..., Iterable[list]]
    filename: str
    count: Callable[..., int] | None = None
    perm: str = Perm.DATA_EXPORT


CORE_EXPORTS: dict[str, str] = {"audit": "jiangxin.core.exports_core.AUDIT_EXPORT"}


def export_paths() -> dict[str, str]:
    from .modules import modules

    paths = dict(CORE_EXPORTS)
    for module in modules():
        paths.update(getattr(module, "exports", {}) or {})
    return paths


def export_spec(kind: str) -> ExportSpec:
    return import_string(export_paths()[kind])


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


def export_form_invalid(request, form):
    """The 400 for an export whose filter form does not validate: each field named."""
    message = "; ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )
    return _bad_request(request, message)


def export_start(request, kind: str, params: dict | None = None):
    """Start the export `kind` with `params` for the requesting user; the response is the
    redirect to the job's page (or a 400 naming the bad filter)."""
    spec = export_spec(kind)
    params = params or {}
    scope = require_perm(request.user, spec.perm)
    try:
        header = next(iter(spec.rows(request.user, **params)))  # builds the query: checks
    except (ExportFilterError, ValidationError, ValueError, TypeError, OverflowError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _bad_request(request, message or _("A filter of this export is not valid."))
    except DatabaseError:
        return _bad_request(request, _("A filter of this export is not valid."))
    del header
    job = job_start(
        owner=request.user,
        kind="export",
        title=_("Export: %(title)s") % {"title": spec.title},
        params={
            "export": kind,
            "params": params,
            "filters": scrub(dict(request.GET.items())),
            "assignment": scope.assignment_id,
            "ip": current_ip(),
            "language": translation.get_language(),
        },
        org_id=scope.org_id,
    )
    return redirect("core:job_detail", pk=job.pk)


class _ExportProgress(Progress):
    """Progress while the read transaction is open: to the `jobs` cache only (the web
    processes read it there, `task_progress_live`), never a write inside the read."""

    def _save(self, *fields: str) -> None:
        self._unsaved = 0
        caches[LIVE_CACHE].set(
            _live_key(self.job), (self.job.done, self.job.total, timezone.now()), timeout=24 * 3600
        )


def _counted(rows: Iterable[list], progress: Progress) -> Iterator[list]:
    it = iter(rows)
    header = next(it, None)
    if header is None:
        return
    yield header
    for row in it:
        yield row
        progress.step()


@contextlib.contextmanager
def _read_transaction():
    """The rows' reads in one transaction: on the streaming replica when `JX_REPLICA_URL`
    is set (core/db_router.py; the audit row and progress still go to the primary), on
    the primary otherwise."""
    from .db_router import replica_reads

    with replica_reads() as alias, transaction.atomic(using=alias):
        yield


@runner("export")
def run_export(job: TaskProgress, progress: Progress) -> dict:
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return _export(job, progress)


def _export(job: TaskProgress, progress: Progress) -> dict:
    from .access import set_active_assignment, user_scope

    spec = export_spec(job.params["export"])
    params = job.params.get("params", {})
    owner = job.owner
    wanted = job.params.get("assignment")
    set_active_assignment(owner, wanted)
    if wanted is not None and user_scope(owner).assignment_id != wanted:
        # the role of the request has gone: never export under another of the user's roles
        raise PermissionDenied(_("The role you asked for this export with is no longer yours."))
    require_perm(owner, spec.perm)  # the role's permissions may have changed since
    if spec.count is not None:
        with _read_transaction():
            total = spec.count(owner, **params)
        progress.start(total)
    name = f"{uuid.uuid4().hex}.xlsx"
    path = export_dir() / name
    live = _ExportProgress(job, every=PROGRESS_EVERY)
    try:
        with _read_transaction(), path.open("wb") as out:
            n = write_xlsx(_counted(spec.rows(owner, **params), live), out)
        audit_record(
            actor=owner,
            action="export",
            ip=job.params.get("ip"),
            details={"kind": spec.kind, "rows": n, "filters": job.params.get("filters", {})},
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job.total = job.total or n
    return {
        "export": True,
        "file": name,
        "rows": n,
        "filename": spec.filename.format(**params),
    }


def export_file_path(job: TaskProgress) -> Path | None:
    """The finished export's file, when it is still there."""
    result = job.result or {}
    if job.kind != "export" or job.state != TaskProgress.State.DONE or not result.get("file"):
        return None
    path = export_dir() / Path(result["file"]).name
    return path if path.is_file() else None


def export_files_purge(now: float | None = None) -> int:
    """Delete export files older than `JX_IMPORT_FILE_DAYS` (7): they hold personal data.
    Returns how many went."""
    days = getattr(settings, "JX_IMPORT_FILE_DAYS", 7)
    limit = (now or time.time()) - days * 86400
    removed = 0
    for path in export_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
