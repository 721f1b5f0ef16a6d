import pytest
from django.urls import reverse

from jiangxin.core.models import TaskProgress
from jiangxin.testing.crossorg import Probe, assert_404_for

pytestmark = pytest.mark.django_db


def _job(w):
    from jiangxin.core.import_jobs import import_errors_path

    job = TaskProgress.objects.create(
        owner=w.admin_a, kind="import", title="t", result={"errors_file": "x.xlsx"}
    )
    path = import_errors_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK")
    return [job.pk]


def _export_job(w):
    from jiangxin.core.export_jobs import export_dir

    job = TaskProgress.objects.create(
        owner=w.admin_a,
        kind="export",
        title="t",
        state=TaskProgress.State.DONE,
        result={"export": True, "file": "x.xlsx", "rows": 0, "filename": "x.xlsx"},
    )
    (export_dir() / "x.xlsx").write_bytes(b"PK")
    return [job.pk]


def _document(w):
    from jiangxin.core.documents import document_issue

    doc = document_issue(
        actor=w.admin_a,
        kind="certificate",
        title="荣誉证书",
        holder_name="李秀英",
        org=w.ent_a,
        facts=[("荣誉", "测试")],
    )
    return [doc.uuid]


CROSS_ORG = {
    "core:job_detail": Probe(_job),
    "core:job_errors": Probe(_job),
    "core:job_export": Probe(_export_job),
    "documents:pdf": Probe(_document),
}
CROSS_ORG_URLS = [*CROSS_ORG, "core:import_upload", "core:import_template", "core:pick"]


def test_cross_org_jobs_of_another_user_404(world, settings, tmp_path):
    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.core.roles import Role

    settings.MEDIA_ROOT = tmp_path
    job = TaskProgress.objects.get(pk=_job(world)[0])
    colleague = User.objects.create_user(username="colleague_a", home_org=world.ent_a)
    RoleAssignment.objects.create(user=colleague, org=world.ent_a, role=Role.ENTERPRISE_ADMIN)
    # The errors workbook exists (the owner downloads it): a 404 is the owner check.
    assert (
        world.client(world.admin_a).get(reverse("core:job_errors", args=[job.pk])).status_code
        == 200
    )
    for user in (world.admin_b, colleague):
        assert_404_for(world.client(user), reverse("core:job_errors", args=[job.pk]))
        assert_404_for(world.client(user), reverse("core:job_detail", args=[job.pk]))
    job = TaskProgress.objects.create(
        owner=world.admin_b, kind="import", title="t", result={"errors_file": "x.xlsx"}
    )
    client = world.client(world.admin_a)
    assert_404_for(client, reverse("core:job_detail", args=[job.pk]))
    assert_404_for(client, reverse("core:job_errors", args=[job.pk]))
    assert (
        world.client(world.admin_b).get(reverse("core:job_detail", args=[job.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("name", ["core:import_upload", "core:import_template"])
def test_cross_org_imports_need_permission_or_404(world, name):
    assert_404_for(world.client(world.worker_a), reverse(name, args=["orgs.enterprises"]))
    assert_404_for(world.client(world.admin_a), reverse(name, args=["no.such.import"]))
    assert (
        world.client(world.admin_a).get(reverse(name, args=["orgs.enterprises"])).status_code == 200
    )
