import pytest
from django.urls import reverse

from jiangxin.core.models import TaskProgress
from jiangxin.testing.crossorg import assert_404_for

pytestmark = pytest.mark.django_db

# documents:pdf is covered by test_documents.py::test_cross_org_document_pdf_404;
# core:pick (<kind> names a picker, not an object) by test_pickers.py: a sibling org's
# user gets no option of the other org, for every kind
CROSS_ORG_URLS = [
    "core:pick",
    "documents:pdf",
    "core:job_detail",
    "core:job_errors",
    "core:import_upload",
    "core:import_template",
]


def test_cross_org_jobs_of_another_user_404(world):
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
