"""Applying for a studio through the API: the application service, field-named errors,
the write scope, and 404 for another enterprise's host or leader."""

import pytest

from jiangxin.accounts.models import TokenScope
from jiangxin.core.models import AuditEvent
from jiangxin.studios.models import Studio, StudioMember
from jiangxin.testing.api import api_as, field_errors
from jiangxin.testing.people import resident_id

pytestmark = pytest.mark.django_db

APPLY = "/api/v1/studios/"


def _body(cast, **over):
    body = {
        "host_id": cast.world.ent_a.pk,
        "leader": {"worker_id": cast.leader_a.pk},
        "name": "栾军创新工作室",
        "field": "炼钢工艺",
        "level": "provincial",
        "established_on": "2019-05-01",
        "space_m2": "120.0",
    }
    body.update(over)
    return body


def test_api_studio_apply_through_the_service(cast):
    w = cast.world
    response = api_as(w.admin_a).post(APPLY, _body(cast))
    assert response.status_code == 201, response.content
    data = response.json()
    studio = Studio.objects.get(pk=data["id"])
    assert (data["status"], data["leader"], data["stage_org_id"]) == (
        "submitted",
        cast.leader_a.name,
        w.ent_a.pk,
    )
    assert StudioMember.objects.filter(studio=studio, worker=cast.leader_a).exists()
    assert AuditEvent.objects.filter(action="studio.apply", object_id=str(studio.pk)).exists()


def test_api_studio_apply_leader_by_id_number(cast):
    leader = cast.member_a
    body = _body(cast, leader={"resident_id": _rid(leader)}, name="王创新工作室")
    response = api_as(cast.world.admin_a).post(APPLY, body)
    assert response.status_code == 201, response.content
    assert Studio.objects.get().leader_id == leader.pk


def _rid(worker) -> str:
    from jiangxin.people.crypto import pii_decrypt

    return pii_decrypt(worker.id_cipher)


def test_api_studio_apply_field_errors(cast):
    api = api_as(cast.world.admin_a)
    cases = {
        "level": {"level": "galactic"},
        "established_on": {"established_on": "yesterday"},
        "name": {"name": "室" * 121},
        "space_m2": {"space_m2": "-3"},
        "leader": {"leader": {}},
        "leader.resident_id": {"leader": {"resident_id": resident_id(44)}},
        "field": {"field": ""},
    }
    for field, over in cases.items():
        response = api.post(APPLY, _body(cast, **over))
        assert response.status_code == 422, (field, response.content)
        assert field in field_errors(response), (field, response.json())
    assert api.post(APPLY, _body(cast)).status_code == 201
    # The same leader twice: the service's rule, under its field.
    again = api.post(APPLY, _body(cast, name="另一个工作室"))
    assert "leader" in field_errors(again)
    assert Studio.objects.count() == 1


def test_api_studio_apply_cross_org_answers_404(cast):
    w = cast.world
    api_b = api_as(w.admin_b)
    # In A's org, with A's leader or B's own worker: 404.
    assert api_b.post(APPLY, _body(cast)).status_code == 404
    body = _body(cast, leader={"worker_id": cast.worker_b.pk})
    assert api_b.post(APPLY, body).status_code == 404
    # At B, with A's worker as leader: 404 by id; not in scope by ID number.
    assert api_b.post(APPLY, _body(cast, host_id=w.ent_b.pk)).status_code == 404
    body = _body(cast, host_id=w.ent_b.pk, leader={"resident_id": _rid(cast.leader_a)})
    response = api_b.post(APPLY, body)
    assert "leader.resident_id" in field_errors(response)
    assert cast.leader_a.name not in response.content.decode()
    assert not Studio.objects.exists()


def test_api_studio_apply_refuses_read_and_expired_tokens(cast):
    w = cast.world
    response = api_as(w.admin_a, scope=TokenScope.READ).post(APPLY, _body(cast))
    assert response.status_code == 403 and "write" in response.json()["detail"]
    expired = api_as(w.admin_a)
    from django.utils import timezone

    from jiangxin.accounts.models import ApiToken

    ApiToken.objects.update(expires_at=timezone.now())
    response = expired.post(APPLY, _body(cast))
    assert response.status_code == 401 and "过期" in response.json()["detail"]
    assert not Studio.objects.exists()
