"""Imports (template, upload) and background-job pages (progress bar, outcome, an
export's file)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .export_jobs import export_file_path
from .import_jobs import import_errors_path, import_submit
from .import_registry import import_spec
from .imports import ImportFileError, import_template
from .models_tasks import TaskProgress
from .selectors import user_job_or_404
from .tasks import task_abandon, task_progress_live

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spec_or_404(request, name):
    spec = import_spec(name)
    if spec is None or not spec.permits(request.user):
        raise Http404
    return spec


@login_required
def import_template_view(request, name: str):
    spec = _spec_or_404(request, name)
    response = HttpResponse(import_template(spec), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{spec.name}-template.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload_view(request, name: str):
    spec = _spec_or_404(request, name)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "no-file"
        else:
            try:
                job = import_submit(
                    actor=request.user, name=name, data=upload.read(), filename=upload.name
                )
            except ImportFileError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("core:job_detail", pk=job.pk)
    return render(request, "core/import_upload.html", {"spec": spec, "error": error})


def _job(request, pk: int) -> TaskProgress:
    return user_job_or_404(request.user, pk)


@login_required
def job_detail_view(request, pk: int):
    job = _job(request, pk)
    if task_abandon(job):  # its process died: the user learns it here, within a minute
        job.refresh_from_db()
    job = task_progress_live(job)
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    context = {"job": job, "export_ready": export_file_path(job) is not None}
    return render(request, template, context)


@login_required
def job_errors_view(request, pk: int):
    job = _job(request, pk)
    path = import_errors_path(job)
    if path is None or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename="errors.xlsx", content_type=XLSX
    )


@login_required
def job_export_view(request, pk: int):
    """A finished export's workbook, to the job's owner only (anyone else: 404, as for the
    job's page); never kept by a cache on the way."""
    job = _job(request, pk)
    path = export_file_path(job)
    if path is None:
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.result.get("filename") or "export.xlsx",
        content_type=XLSX,
    )
    response["Cache-Control"] = "no-store"
    return response
