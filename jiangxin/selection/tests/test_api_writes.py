"""Nominating through the API: the nomination service and its rules, field-named errors,
the write scope, and 404 for another enterprise's subjects."""

import pytest

from jiangxin.accounts.models import TokenScope
from jiangxin.core.models import AuditEvent
from jiangxin.people.crypto import pii_decrypt
from jiangxin.selection.models import Entry
from jiangxin.testing.api import api_as, field_errors
from jiangxin.testing.people import make_worker

from .factories import make_campaign

pytestmark = pytest.mark.django_db


def _url(campaign) -> str:
    return f"/api/v1/selection/campaigns/{campaign.pk}/entries"


def test_api_nominate_through_the_service(world):
    campaign = make_campaign(world, rules=[{"kind": "not_manager"}])
    mine = make_worker(world.ent_a, 1)
    api = api_as(world.admin_a, lang="en")
    response = api.post(_url(campaign), {"subject_id": mine.pk})
    assert response.status_code == 201, response.content
    entry = Entry.objects.get(pk=response.json()["id"])
    assert (entry.subject_id, entry.org_id, entry.nominated_by) == (
        mine.pk,
        world.ent_a.pk,
        world.admin_a,
    )
    assert AuditEvent.objects.filter(
        action="selection.entry.nominate", object_id=str(entry.pk)
    ).exists()
    # By ID number, and the campaign's rules apply.
    boss = make_worker(world.ent_a, 2, first_line=False, name="厂长")
    response = api.post(_url(campaign), {"resident_id": pii_decrypt(boss.id_cipher)})
    assert response.status_code == 422
    assert "managers are excluded" in " ".join(field_errors(response)["subject_id"])
    again = api.post(_url(campaign), {"subject_id": mine.pk})
    assert "already nominated" in " ".join(field_errors(again)["subject_id"])
    assert Entry.objects.count() == 1


def test_api_nominate_field_errors(world):
    campaign = make_campaign(world)
    api = api_as(world.admin_a)
    mine = make_worker(world.ent_a, 1)
    for body, field in [
        ({}, "__all__"),
        ({"subject_id": mine.pk, "resident_id": "1"}, "__all__"),
        ({"subject_id": "one"}, "subject_id"),
        ({"subject_id": 2**80}, "subject_id"),
        ({"resident_id": "3701021985061500"}, "resident_id"),
    ]:
        response = api.post(_url(campaign), body)
        assert response.status_code == 422, (body, response.content)
        assert field in field_errors(response), (body, response.json())
    assert (
        api.post("/api/v1/selection/campaigns/99999999999999999999/entries", {}).status_code == 422
    )
    assert not Entry.objects.exists()


def test_api_nominate_cross_org_answers_404(world):
    campaign = make_campaign(world)
    theirs = make_worker(world.ent_a, 1)
    api_b = api_as(world.admin_b)
    assert api_b.post(_url(campaign), {"subject_id": theirs.pk}).status_code == 404
    response = api_b.post(_url(campaign), {"resident_id": pii_decrypt(theirs.id_cipher)})
    assert response.status_code == 422 and "resident_id" in field_errors(response)
    assert theirs.name not in response.content.decode()
    # A campaign of another city: 404.
    far = make_campaign(world, actor=world.province_admin, org=world.other_city, title="乙市评选")
    mine = make_worker(world.ent_b, 2)
    assert api_b.post(_url(far), {"subject_id": mine.pk}).status_code == 404
    assert not Entry.objects.exists()


def test_api_nominate_refuses_a_read_token(world):
    campaign = make_campaign(world)
    mine = make_worker(world.ent_a, 1)
    response = api_as(world.admin_a, scope=TokenScope.READ).post(
        _url(campaign), {"subject_id": mine.pk}
    )
    assert response.status_code == 403 and "“write”" in response.json()["detail"]
    assert not Entry.objects.exists()
