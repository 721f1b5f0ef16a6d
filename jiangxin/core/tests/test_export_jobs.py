"""Exports as background jobs (core/export_jobs.py): the request starts a job, the job
writes the same workbook the request used to stream, reports its progress, keeps the
requester's scope, reads inside one transaction, writes one audit row; only the owner
downloads the file, which the purge deletes after the retention period."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core import export_jobs
from jiangxin.core.exports import write_xlsx
from jiangxin.core.models import AuditEvent, TaskProgress
from jiangxin.core.roles import Role
from jiangxin.core.tasks import _live_key
from jiangxin.people.crypto import pii_decrypt
from jiangxin.people.models import Worker
from jiangxin.testing.exports import export_get, export_job
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import PASSWORD

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _sheet(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def _start(client, url, params=None, **headers):
    """Start an export without running its job (the worker has not taken it yet)."""
    response = client.get(url, params or {}, **headers)
    return response, export_job(response)


def _old_worker_rows(user, *, unmasked=False):
    """The worker export as the request wrote it before exports were jobs: one model
    instance per row, its labels looked up row by row."""
    from django.utils.translation import gettext as _

    from jiangxin.people.selectors import worker_qs

    yield [
        _("Full name"),
        _("Gender"),
        _("Resident ID number"),
        _("Date of birth"),
        _("Employer"),
        _("Occupation"),
        _("Skill level"),
        _("First-line worker"),
        _("Migrant worker"),
        _("Mobile"),
    ]
    for w in worker_qs(user).select_related("employer").order_by("id"):
        yield [
            w.name,
            w.get_gender_display(),
            pii_decrypt(w.id_cipher) if unmasked else w.id_masked,
            w.birth_date.isoformat(),
            w.employer.name,
            w.occupation,
            w.get_skill_level_display() if w.skill_level else "",
            _("yes") if w.first_line else _("no"),
            _("yes") if w.migrant else _("no"),
            w.mobile,
        ]


def _varied_workers(world):
    make_worker(world.ent_a, 1, occupation="钳工", skill_level=3, mobile="13912345678")
    make_worker(world.ent_a, 2, female=True, first_line=False, migrant=True)
    make_worker(world.ent_a, 3, skill_level=5, occupation="=SUM(A1)")
    make_worker(world.ent_b, 4, skill_level=1)


@pytest.mark.parametrize("unmasked", [False, True])
def test_export_jobs_worker_workbook_is_the_same_as_before(world, media, unmasked):
    _varied_workers(world)
    user = world.province_admin
    params = {"unmasked": "1"} if unmasked else {}
    response = export_get(world.client(user), reverse("people:worker_export"), params)
    assert response.status_code == 200
    before = io.BytesIO()
    write_xlsx(_old_worker_rows(user, unmasked=unmasked), before)
    assert _sheet(response.content) == _sheet(before.getvalue())
    assert len(_sheet(response.content)) == 1 + Worker.objects.count()


def test_export_jobs_header_in_the_requesters_language(world, media):
    make_worker(world.ent_a, 1)
    response = export_get(world.client(world.admin_a), reverse("people:worker_export"), **EN)
    assert _sheet(response.content)[0][0] == "Full name"
    response = export_get(world.client(world.admin_a), reverse("people:worker_export"))
    assert _sheet(response.content)[0][0] == "姓名"


def test_export_jobs_start_a_job_and_redirect_to_its_page(world, media):
    make_worker(world.ent_a, 1)
    client = world.client(world.admin_a)
    response, job = _start(client, reverse("people:worker_export"), {"q": "职工"})
    assert response.status_code == 302 and job is not None
    assert job.kind == "export" and job.state == TaskProgress.State.QUEUED
    assert job.owner == world.admin_a and job.org_id == world.ent_a.pk
    assert job.params["params"] == {"q": "职工"}
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'id="jx-job-bar"' in page.content
    assert b"hx-trigger" in page.content  # polls until the job ends


def test_export_jobs_report_progress_count_first(world, media, monkeypatch):
    for n in range(5):
        make_worker(world.ent_a, n)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    seen = []

    from jiangxin.people import selectors

    real = selectors.worker_export_rows

    def watched(user, **kw):
        for i, row in enumerate(real(user, **kw)):
            if i == 4:
                job = TaskProgress.objects.filter(kind="export").latest("id")
                seen.append(caches["jobs"].get(_live_key(job))[:2])
            yield row

    monkeypatch.setattr(selectors, "worker_export_rows", watched)
    response = export_get(world.client(world.admin_a), reverse("people:worker_export"))
    assert seen == [(3, 5)]  # three rows written, of the five counted first
    job = response.job
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.result["rows"] == 5


def test_export_jobs_keep_the_role_active_at_the_request(world, media):
    """A user with two roles exports with the one active when they asked."""
    make_worker(world.ent_a, 1, name="甲厂职工")
    make_worker(world.ent_b, 2, name="乙厂职工")
    both = User.objects.create_user(username="both", password=PASSWORD, home_org=world.ent_a)
    RoleAssignment.objects.create(user=both, org=world.ent_a, role=Role.ENTERPRISE_ADMIN)
    at_b = RoleAssignment.objects.create(user=both, org=world.ent_b, role=Role.ENTERPRISE_ADMIN)
    client = world.client(both)
    client.post(reverse("accounts:role_switch"), {"assignment": at_b.pk})
    response = export_get(client, reverse("people:worker_export"))
    names = {r[0] for r in _sheet(response.content)[1:]}
    assert names == {"乙厂职工"}
    assert response.job.params["assignment"] == at_b.pk


def test_export_jobs_one_audit_row_with_masked_filters(world, media):
    make_worker(world.ent_a, 1)
    rid = "370102199001011234"
    before = AuditEvent.objects.filter(action="export").count()
    export_get(world.client(world.admin_a), reverse("people:worker_export"), {"q": "职工"})
    export_get(world.client(world.admin_a), reverse("people:worker_export"), {"q": rid})
    events = list(AuditEvent.objects.filter(action="export").order_by("id"))[before:]
    assert len(events) == 2
    assert events[0].username == "admin_a" and events[0].details["kind"] == "workers"
    assert events[0].details["rows"] == 1 and events[0].details["filters"] == {"q": "职工"}
    assert events[1].details["filters"]["q"] == "370102********1234"
    assert events[1].details["rows"] == 0
    assert rid not in str(TaskProgress.objects.filter(kind="export").values_list("params"))


def test_export_jobs_download_only_to_the_owner(world, media):
    make_worker(world.ent_a, 1)
    colleague = User.objects.create_user(
        username="colleague", password=PASSWORD, home_org=world.ent_a
    )
    RoleAssignment.objects.create(user=colleague, org=world.ent_a, role=Role.ENTERPRISE_ADMIN)
    owner = world.client(world.admin_a)
    _r, job = _start(owner, reverse("people:worker_export"))
    from jiangxin.core.tasks import task_run

    task_run.call(job.pk)
    job.refresh_from_db()
    url = reverse("core:job_export", args=[job.pk])
    download = owner.get(url)
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    assert download["Content-Disposition"].startswith('attachment; filename="workers.xlsx"')
    assert len(_sheet(b"".join(download.streaming_content))) == 2
    for other in (world.admin_b, colleague, world.province_admin):
        assert world.client(other).get(url).status_code == 404
        assert world.client(other).get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert export_jobs.export_file_path(job).parent == media / "exports"


def test_export_jobs_file_purged_after_retention(world, media, settings):
    from jiangxin.core.tasks import task_run

    settings.JX_IMPORT_FILE_DAYS = 2
    make_worker(world.ent_a, 1)
    client = world.client(world.admin_a)
    _r, job = _start(client, reverse("people:worker_export"))
    task_run.call(job.pk)
    job.refresh_from_db()
    path = export_jobs.export_file_path(job)
    assert (
        b'id="jx-export-download"' in client.get(reverse("core:job_detail", args=[job.pk])).content
    )
    assert export_jobs.export_files_purge() == 0  # still within the retention period
    old = time.time() - 3 * 86400
    os.utime(path, (old, old))
    call_command("jx_purge_imports")
    assert not path.exists()
    assert client.get(reverse("core:job_export", args=[job.pk])).status_code == 404
    page = client.get(reverse("core:job_detail", args=[job.pk])).content
    assert b'id="jx-export-gone"' in page and b"jx-export-download" not in page


@pytest.mark.parametrize(
    ("url", "params", "who", "words"),
    [
        ("core:audit_export", {"date_from": "2024-99-99"}, "auditor", "2024-99-99"),
        ("achievements:export", {"year": "abc"}, "admin_a", "year"),
        ("achievements:export", {"kind": "nope"}, "admin_a", "nope"),
    ],
)
def test_export_jobs_bad_filters_are_a_400_and_no_job(world, media, url, params, who, words):
    response = world.client(getattr(world, who)).get(reverse(url), params, **EN)
    assert response.status_code == 400
    assert words.lower() in response.content.decode().lower()
    assert not TaskProgress.objects.filter(kind="export").exists()


def test_export_jobs_without_permission_404_and_no_job(world, media):
    assert world.client(world.worker_a).get(reverse("people:worker_export")).status_code == 404
    assert (
        world.client(world.admin_a).get(reverse("people:worker_export"), {"unmasked": "1"})
    ).status_code == 404
    assert not TaskProgress.objects.filter(kind="export").exists()


def test_export_jobs_fail_visibly_when_the_role_went(world, media):
    """The permission is checked again when the job runs: a role withdrawn meanwhile
    ends the job failed, with no file and no audit row of an export."""
    from jiangxin.core.tasks import task_run

    _r, job = _start(world.client(world.admin_a), reverse("people:worker_export"))
    RoleAssignment.objects.filter(user=world.admin_a).delete()
    before = AuditEvent.objects.filter(action="export").count()
    task_run.call(job.pk)
    job.refresh_from_db()
    assert job.state == TaskProgress.State.FAILED
    assert AuditEvent.objects.filter(action="export").count() == before
    assert not list((media / "exports").glob("*.xlsx"))


@pytest.mark.django_db(transaction=True)
def test_export_jobs_read_inside_a_transaction(world, media, monkeypatch):
    """On PostgreSQL `.iterator()` outside a transaction is a WITH HOLD cursor that fills
    the whole result before the first row; inside one it streams. Every row is read with
    a transaction open (here the job runs in the request, after its commit)."""
    for n in range(3):
        make_worker(world.ent_a, n)
    from jiangxin.people import selectors

    real = selectors.worker_export_rows
    inside = []

    def watched(user, **kw):
        for i, row in enumerate(real(user, **kw)):
            if i:  # the data rows (the request reads the header only, to check the filters)
                inside.append(connection.in_atomic_block)
            yield row

    monkeypatch.setattr(selectors, "worker_export_rows", watched)
    assert not connection.in_atomic_block
    response = export_get(world.client(world.admin_a), reverse("people:worker_export"))
    assert len(_sheet(response.content)) == 4
    assert inside == [True, True, True]


def test_export_jobs_never_run_under_another_role(world, media):
    """The role active at the request was withdrawn before the job ran; the user's other
    role (wider or not) is not used instead: the job fails and says why."""
    from jiangxin.core.tasks import task_run

    make_worker(world.ent_a, 1)
    both = User.objects.create_user(username="both", password=PASSWORD, home_org=world.ent_a)
    RoleAssignment.objects.create(user=both, org=world.ent_a, role=Role.ENTERPRISE_ADMIN)
    at_b = RoleAssignment.objects.create(user=both, org=world.ent_b, role=Role.ENTERPRISE_ADMIN)
    client = world.client(both)
    client.post(reverse("accounts:role_switch"), {"assignment": at_b.pk})
    _r, job = _start(client, reverse("people:worker_export"), **EN)
    at_b.delete()
    task_run.call(job.pk)
    job.refresh_from_db()
    assert job.state == TaskProgress.State.FAILED
    assert "no longer yours" in job.message
    assert not list((media / "exports").glob("*.xlsx"))
