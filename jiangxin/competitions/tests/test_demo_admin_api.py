"""The demo competition (deterministic, idempotent), the scoped read-only admin pages, and
the registration writes of the API (the same rules as the pages)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from jiangxin.accounts.models import User
from jiangxin.competitions.demo import seed_demo_competitions
from jiangxin.competitions.models import Competition, Registration
from jiangxin.testing.crossorg import api_client
from jiangxin.testing.world import login_past_second_factor

from .helpers import competition, register, track_of, worker

pytestmark = pytest.mark.django_db


def _seed():
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.studios.tests.helpers import honour_type

    for row in HONOUR_TYPES:
        honour_type(row[0])
    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    return orgs, seed_demo_people(orgs)


def test_demo_competition_three_tracks_registrations_in_every_state_seed_once():
    orgs, workers = _seed()
    c = seed_demo_competitions(orgs, workers)
    assert c.level == "provincial_1" and c.status == "open"
    assert [t.name for t in c.tracks.order_by("id")] == [
        "新能源勘探",
        "碳纤维碳化",
        "工业机器人运维",
    ]
    regs = Registration.objects.filter(track__competition=c)
    statuses = set(regs.values_list("status", flat=True))
    assert {"submitted", "enterprise_approved", "organiser_approved", "committee_approved",
            "rejected", "withdrawn"} <= statuses  # fmt: skip
    assert regs.values("employer").distinct().count() >= 3
    assert all(r.reason for r in regs.filter(status="rejected"))
    assert c.stages.count() == 3 and c.stages.order_by("order").first().quotas.exists()
    snapshot = sorted(regs.values_list("worker__name", "track__code", "status"))
    assert seed_demo_competitions(orgs, workers).pk == c.pk
    assert Competition.objects.count() == 1
    assert sorted(regs.values_list("worker__name", "track__code", "status")) == snapshot


def test_admin_pages_scoped_and_read_only(world, client):
    c = competition(world)
    mine = register(world, track_of(c), worker(world.ent_a, name="甲方职工"))
    theirs = register(world, track_of(c), worker(world.ent_b, name="乙方职工"), world.admin_b)
    root = User.objects.create_superuser(username="root", password="Test-pass-2026")
    login_past_second_factor(client, root)
    for model in ("competition", "track", "registration"):
        assert client.get(reverse(f"admin:competitions_{model}_changelist")).status_code == 200
    User.objects.filter(pk=world.admin_a.pk).update(is_staff=True)
    staff = User.objects.get(pk=world.admin_a.pk)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="competitions", codename__startswith="view_"
        )
    )
    client.force_login(staff)
    body = client.get(reverse("admin:competitions_registration_changelist")).content.decode()
    assert mine.worker.name in body and theirs.worker.name not in body
    assert client.get(reverse("admin:competitions_registration_add")).status_code == 403


def test_api_registration_create_with_the_page_rules(world):
    c = competition(world)
    person = worker(world.ent_a)
    client, auth = api_client(world.admin_a)
    url = reverse("api:competitions_registration_create")
    body = {"track_id": track_of(c).pk, "worker": {"worker_id": person.pk}}
    created = client.post(url, body, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    again = client.post(url, body, content_type="application/json", **auth)
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "worker"
    foreign = client.post(
        url,
        {"track_id": track_of(c).pk, "worker": {"worker_id": worker(world.ent_b).pk}},
        content_type="application/json",
        **auth,
    )
    assert foreign.status_code == 404
    reg_id = created.json()["id"]
    decide = reverse("api:competitions_registration_decide", args=[reg_id])
    no_reason = client.post(decide, {"decision": "reject"}, content_type="application/json", **auth)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    ok = client.post(decide, {"decision": "approve"}, content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["status"] == "enterprise_approved"
    listed = client.get(reverse("api:competitions_registrations_list"), **auth).json()
    assert [r["id"] for r in listed["items"]] == [reg_id]
    detail = client.get(reverse("api:competitions_detail", args=[c.pk]), **auth).json()
    assert detail["tracks"][0]["code"] == track_of(c).code
