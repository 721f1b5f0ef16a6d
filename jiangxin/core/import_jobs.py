"""Running an import as a job: small files at once, files over SYNC_ROW_LIMIT rows in the
background worker, both reported through a TaskProgress row (progress bar, outcome, and
the annotated workbook when rows were refused)."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.http import Http404

from .access import require_perm
from .import_registry import import_spec
from .imports import ImportFileError, import_run
from .models_tasks import TaskProgress
from .tasks import Progress, job_start, runner, task_run

SYNC_ROW_LIMIT = 1000


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _row_count(data: bytes) -> int:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).height
    except Exception:
        return 0  # import_run will report the file as unreadable


def import_submit(*, actor, name: str, data: bytes, filename: str) -> TaskProgress:
    spec = import_spec(name)
    if spec is None:
        raise ImportFileError("unknown import")
    scope = require_perm(actor, spec.perm)
    if not spec.permits(actor):
        raise Http404
    stored = _upload_dir() / f"{uuid.uuid4().hex}.xlsx"
    stored.write_bytes(data)
    params = {
        "name": name,
        "file": stored.name,
        "filename": filename,
        "assignment": scope.assignment_id,
    }
    if data.startswith(b"PK") and _row_count(data) > SYNC_ROW_LIMIT + 1:
        return job_start(
            owner=actor,
            kind="import",
            title=f"{spec.title}: {filename}",
            params=params,
            org_id=scope.org_id,
        )
    job = TaskProgress.objects.create(
        owner=actor,
        kind="import",
        title=f"{spec.title}: {filename}",
        params=params,
        org_id=scope.org_id,
        inline=True,
    )
    task_run.call(job.pk)
    job.refresh_from_db()
    return job


@runner("import")
def run_import(job: TaskProgress, progress: Progress) -> dict:
    from jiangxin.core.access import set_active_assignment

    spec = import_spec(job.params["name"])
    path = _upload_dir() / job.params["file"]
    owner = job.owner
    set_active_assignment(owner, job.params.get("assignment"))
    try:
        result = import_run(
            actor=owner,
            spec=spec,
            data=path.read_bytes(),
            filename=job.params["filename"],
            progress=progress,
        )
    except ImportFileError as exc:
        return {"ok": False, "file_error": str(exc)}
    finally:
        path.unlink(missing_ok=True)
    out = result.as_dict()
    if result.annotated:
        errors_file = _upload_dir() / f"{uuid.uuid4().hex}-errors.xlsx"
        errors_file.write_bytes(result.annotated)
        out["errors_file"] = errors_file.name
    return out


def import_errors_path(job: TaskProgress) -> Path | None:
    name = (job.result or {}).get("errors_file")
    return _upload_dir() / name if name else None


def import_files_purge(now: float | None = None) -> int:
    """Delete uploads and error workbooks older than `JX_IMPORT_FILE_DAYS` (7): both hold
    personal information, and a crashed job's upload would otherwise stay for ever.
    Runs in the worker's sweep (`core.tasks.task_sweep_forever`) and as
    `manage.py jx_purge_imports`. Returns how many files went."""
    import time

    days = getattr(settings, "JX_IMPORT_FILE_DAYS", 7)
    limit = (now or time.time()) - days * 86400
    removed = 0
    for path in _upload_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # a job finished with it meanwhile
    return removed
