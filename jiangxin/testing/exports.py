"""Exports run as background jobs (core/export_jobs.py): in a test, `export_get` asks for
an export as the list page's button does, runs the job it started (the ImmediateBackend
runs it once the request's transaction commits: here, when the callbacks are run), and
returns the download — or the export URL's own answer when it started no job (a 404
without the permission, a 400 for a bad filter)."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import TestCase
from django.urls import resolve, reverse

from jiangxin.core.export_jobs import export_file_path


def export_job(response):
    """The job an export URL's response redirected to, or None."""
    from jiangxin.core.models import TaskProgress

    if response.status_code not in (301, 302, 303):
        return None
    match = resolve(response["Location"].split("?")[0])
    if match.view_name != "core:job_detail":
        return None
    return TaskProgress.objects.get(pk=match.kwargs["pk"])


def export_get(client, url: str, params=None, **headers):
    """GET an export URL, run its job and return the file's response (see the module).
    A job that fails fails the test, with the job's message."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url, params or {}, **headers)
    job = export_job(response)
    if job is None:
        return response
    job.refresh_from_db()
    assert job.state == "done", f"the export job {job.kind} ended {job.state}: {job.message}"
    download = client.get(reverse("core:job_export", args=[job.pk]), **headers)
    if download.status_code != 200:
        return download
    # read it whole and delete the file: a test leaves nothing in MEDIA_ROOT
    response = HttpResponse(export_body(download), status=200)
    for key, value in download.items():
        response[key] = value
    response.job = job
    export_file_path(job).unlink()
    return response


def export_body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content
