"""Every competition and registration URL answers 404 to a sibling org's user with the
same role (see jiangxin/testing/crossorg.py); the owner is answered."""

import pytest
from django.urls import reverse

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.competitions import services
from jiangxin.competitions.models import Registration
from jiangxin.testing.crossorg import Probe, Target, api_client, assert_404_for

from .helpers import competition, register, track_of, worker

pytestmark = pytest.mark.django_db


def _city_competition(w):
    """A competition of the city: its staff manage it; the other city sees nothing."""
    return competition(w, org=w.city, actor=w.city_staff, level="city")


def _competition(w):
    return [_city_competition(w).pk]


def _track(w):
    c = _city_competition(w)
    return [c.pk, track_of(c).pk]


def _stage(w):
    from datetime import date

    c = _city_competition(w)
    stage = services.stage_save(
        actor=w.city_staff, competition=c, kind="city", starts_on=date(2026, 9, 1),
        ends_on=date(2026, 9, 3),
    )  # fmt: skip
    return [c.pk, stage.pk]


def _registration(w):
    c = competition(w)
    return [register(w, track_of(c), worker(w.ent_a)).pk]


def _self_register(w):
    """An open track of enterprise A's own competition: its worker enters, a worker of
    enterprise B (a sibling) gets 404."""
    c = competition(w, org=w.ent_a, level="enterprise")
    worker(w.ent_a, user=w.worker_a)
    other = User.objects.create_user(username="worker_b", password="Test-pass-2026")
    RoleAssignment.objects.create(user=other, org=w.ent_b, role="worker")
    worker(w.ent_b, user=other)
    return Target(args=[track_of(c).pk], owner=w.worker_a, stranger=other)


CITY = {"owner": "city_staff", "stranger": "other_city_staff"}
CROSS_ORG = {
    "competitions:detail": Probe(_competition, **CITY),
    "competitions:edit": Probe(_competition, **CITY),
    "competitions:step": Probe(_competition, **CITY),
    "competitions:track_create": Probe(_competition, **CITY),
    "competitions:stage_create": Probe(_competition, **CITY),
    "competitions:track_edit": Probe(_track, **CITY),
    "competitions:stage_edit": Probe(_stage, **CITY),
    "competitions:quota": Probe(_stage, **CITY),
    "competitions:registration_detail": Probe(_registration),
    "competitions:registration_approve": Probe(_registration),
    "competitions:registration_reject": Probe(_registration),
    "competitions:registration_withdraw": Probe(_registration),
    "competitions:registration_substitute": Probe(_registration),
    "competitions:self_register": Probe(_self_register),
    "api:competitions_detail": Probe(_competition, api=True, **CITY),
    "api:competitions_registration_detail": Probe(_registration, api=True),
    "api:competitions_registration_decide": Probe(_registration, api=True),
    "api:competitions_registration_withdraw": Probe(_registration, api=True),
}
CROSS_ORG_URLS = list(CROSS_ORG)


def test_cross_org_registration_pages_404_and_change_nothing(world):
    mine = Registration.objects.get(pk=_registration(world)[0])
    theirs = register(world, track_of(mine.track.competition), worker(world.ent_b), world.admin_b)
    client = world.client(world.admin_a)
    assert (
        client.get(reverse("competitions:registration_detail", args=[mine.pk])).status_code == 200
    )
    assert_404_for(client, reverse("competitions:registration_detail", args=[theirs.pk]))
    assert_404_for(
        client, reverse("competitions:registration_approve", args=[theirs.pk]), method="post"
    )
    assert_404_for(
        client,
        reverse("competitions:registration_reject", args=[theirs.pk]),
        method="post",
        data={"reason": "越权"},
    )
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
    # the list and the export show the user's own only
    page = client.get(reverse("competitions:registrations"))
    assert mine.worker.name in page.text and theirs.worker.name not in page.text


def test_cross_org_competition_of_another_city_404(world):
    c = _city_competition(world)
    client = world.client(world.other_city_staff)
    for name in ("competitions:detail", "competitions:edit", "competitions:track_create"):
        assert_404_for(client, reverse(name, args=[c.pk]))
    assert (
        world.client(world.city_staff).get(reverse("competitions:detail", args=[c.pk])).status_code
        == 200
    )
    # an enterprise below the organiser sees it (to register), one of another city does not
    assert (
        world.client(world.admin_a).get(reverse("competitions:detail", args=[c.pk])).status_code
        == 200
    )
    other = User.objects.create_user(username="admin_c", password="Test-pass-2026")
    RoleAssignment.objects.create(user=other, org=world.ent_c, role="enterprise_admin")
    assert_404_for(world.client(other), reverse("competitions:detail", args=[c.pk]))


def test_cross_org_api_registration_404(world):
    mine = Registration.objects.get(pk=_registration(world)[0])
    theirs = register(world, track_of(mine.track.competition), worker(world.ent_b), world.admin_b)
    client, auth = api_client(world.admin_a)
    ok = client.get(reverse("api:competitions_registration_detail", args=[mine.pk]), **auth)
    assert ok.status_code == 200 and ok.json()["worker"] == mine.worker.name
    assert_404_for(
        client, reverse("api:competitions_registration_detail", args=[theirs.pk]), **auth
    )
    assert_404_for(
        client,
        reverse("api:competitions_registration_decide", args=[theirs.pk]),
        method="post",
        content_type="application/json",
        data={"decision": "approve"},
        **auth,
    )
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
