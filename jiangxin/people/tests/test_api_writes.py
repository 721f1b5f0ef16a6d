"""Writes to the registry through the API: the same services and checks as the pages,
field-named errors, the write scope, and 404 for another enterprise's objects."""

import pytest
from django.urls import reverse

from jiangxin.accounts.models import TokenScope
from jiangxin.core.models import AuditEvent
from jiangxin.people.models import Honour, Worker
from jiangxin.testing.api import api_as, field_errors
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/people/workers"


def _body(world, **over):
    body = {
        "employer_id": world.ent_a.pk,
        "resident_id": resident_id(7),
        "name": "栾军",
        "occupation": "炼钢工",
        "skill_level": 6,
        "education": "vocational",
        "union_member_since": "2008-07-01",
    }
    body.update(over)
    return body


def test_api_worker_register_through_the_service(world):
    api = api_as(world.admin_a)
    response = api.post(REGISTER, _body(world))
    assert response.status_code == 201, response.content
    data = response.json()
    worker = Worker.objects.get(pk=data["id"])
    assert (worker.name, worker.employer_id, worker.skill_level) == ("栾军", world.ent_a.pk, 6)
    assert data["resident_id_masked"] == worker.id_masked
    assert resident_id(7) not in response.content.decode()
    audit = AuditEvent.objects.get(action="worker.register")
    assert audit.object_id == str(worker.pk) and audit.username == "admin_a"


def test_api_worker_register_field_errors(world):
    api = api_as(world.admin_a)
    cases = {
        "resident_id": {"resident_id": "370102198506150014"},  # bad check character
        "union_member_since": {"union_member_since": "2024-02-30"},
        "education": {"education": "phd"},
        "name": {"name": "栾" * 51},
        "employer_id": {"employer_id": "twelve"},
        "gender": {"gender": "F"},  # the ID number says male
        "mobile": {"mobile": "12345"},
    }
    for field, over in cases.items():
        response = api.post(REGISTER, _body(world, **over))
        assert response.status_code == 422, (field, response.content)
        assert field in field_errors(response), (field, response.json())
    assert not Worker.objects.exists()


def test_api_worker_register_refuses_unstorable_text_and_bad_json(world):
    api = api_as(world.admin_a)
    response = api.post(REGISTER, _body(world, name="栾\ud800军"))
    assert response.status_code == 422
    assert "name" in field_errors(response)
    response = api.post(REGISTER, _body(world, occupation="a\x00b"))
    assert "occupation" in field_errors(response)
    response = api.post(REGISTER, '{"employer_id": ')
    assert response.status_code == 400 and "body" in field_errors(response)
    response = api.post(REGISTER, _body(world, nickname="老栾"))
    assert response.status_code == 422 and "nickname" in field_errors(response)
    response = api.post(REGISTER, {})
    assert {"employer_id", "resident_id", "name"} <= set(field_errors(response))
    assert not Worker.objects.exists()


def test_api_worker_register_duplicate_names_the_field(world):
    api = api_as(world.admin_a)
    assert api.post(REGISTER, _body(world)).status_code == 201
    response = api.post(REGISTER, _body(world, name="另一人"))
    assert response.status_code == 422
    assert "栾军" in " ".join(field_errors(response)["resident_id"])  # in scope: who has it
    assert Worker.objects.count() == 1


def test_api_worker_update_and_honour(world):
    worker = make_worker(world.ent_a, 1)
    api = api_as(world.admin_a)
    url = f"{REGISTER}/{worker.pk}"
    response = api.patch(url, {"occupation": "炼钢高级技师", "employer_id": world.branch_a1.pk})
    assert response.status_code == 200, response.content
    worker.refresh_from_db()
    assert (worker.occupation, worker.employer_id) == ("炼钢高级技师", world.branch_a1.pk)
    assert AuditEvent.objects.filter(action="worker.update", object_id=str(worker.pk)).exists()
    assert field_errors(api.patch(url, {"skill_level": 9})).keys() == {"skill_level"}
    assert field_errors(api.patch(url, {"name": ""})).keys() == {"name"}

    honour = {
        "honour_type": "qilu-craftsman",
        "year": 2024,
        "document_number": "鲁工发〔2024〕12号",
    }
    response = api.post(f"{url}/honours", honour)
    assert response.status_code == 201, response.content
    assert response.json()["honour_code"] == "qilu-craftsman"
    assert Honour.objects.filter(worker=worker, year=2024).count() == 1
    assert AuditEvent.objects.filter(action="honour.award", object_id=str(worker.pk)).exists()
    again = api.post(f"{url}/honours", honour)
    assert again.status_code == 422 and field_errors(again)
    unknown = api.post(f"{url}/honours", {**honour, "honour_type": "no-such-title"})
    assert "honour_type" in field_errors(unknown)
    backwards = api.post(
        f"{url}/honours",
        {**honour, "year": 2023, "valid_from": "2024-01-01", "valid_to": "2023-01-01"},
    )
    assert "valid_to" in field_errors(backwards)
    assert Honour.objects.filter(worker=worker).count() == 1


def test_api_worker_writes_cross_org_answer_404(world):
    """An enterprise admin of the sibling enterprise, with a write token: another's workers
    answer 404 and nothing can be created in another's org."""
    worker = make_worker(world.ent_a, 1)
    api_b = api_as(world.admin_b)
    assert api_b.post(REGISTER, _body(world)).status_code == 404
    assert api_b.post(REGISTER, _body(world, employer_id=world.branch_a1.pk)).status_code == 404
    assert api_b.patch(f"{REGISTER}/{worker.pk}", {"occupation": "x"}).status_code == 404
    honour = {"honour_type": "qilu-craftsman", "year": 2024}
    assert api_b.post(f"{REGISTER}/{worker.pk}/honours", honour).status_code == 404
    # B may not move its own worker into A either.
    own = make_worker(world.ent_b, 2)
    assert api_b.patch(f"{REGISTER}/{own.pk}", {"employer_id": world.ent_a.pk}).status_code == 404
    own.refresh_from_db()
    assert own.employer_id == world.ent_b.pk
    assert Worker.objects.count() == 2 and not Honour.objects.exists()
    worker.refresh_from_db()
    assert worker.occupation == ""


def test_api_worker_writes_refuse_a_read_token(world):
    worker = make_worker(world.ent_a, 1)
    api = api_as(world.admin_a, scope=TokenScope.READ)
    for method, url, body in [
        ("post", REGISTER, _body(world)),
        ("patch", f"{REGISTER}/{worker.pk}", {"occupation": "x"}),
        (
            "post",
            f"{REGISTER}/{worker.pk}/honours",
            {"honour_type": "qilu-craftsman", "year": 2024},
        ),
    ]:
        response = api.send(method, url, body)
        assert response.status_code == 403, url
        assert "“write”" in response.json()["detail"]
    assert Worker.objects.count() == 1
    # Reads still work with it, the lookup by ID number (a POST) included.
    assert api.get(reverse("api:workers_detail", args=[worker.pk])).status_code == 200
    lookup = api.post(
        reverse("api:workers_lookup"), {"resident_id": resident_id(1, birth=worker.birth_date)}
    )
    assert lookup.status_code == 200 and lookup.json()["id"] == worker.pk
