"""A user of enterprise A gets 404 for everything of enterprise B (and of other cities);
the public showcase answers 404 for anything not public."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from jiangxin.studios import services
from jiangxin.studios.models import Studio
from jiangxin.testing.crossorg import Probe, assert_404_for

from .conftest import api_client, make_cast
from .helpers import honour

pytestmark = pytest.mark.django_db

STUDIO_PAGES = [
    "studios:detail",
    "studios:review",
    "studios:resubmit",
    "studios:name",
    "studios:report",
    "studios:assess",
    "studios:revoke",
    "studios:member_add",
]
ORG_PAGES = ["studios:rate_org", "studios:rate_without", "studios:rate_target"]


def _studio(w):
    return [make_cast(w).apply().pk]


def _member(w):
    cast = make_cast(w)
    studio = cast.apply()
    member = services.studio_member_add(
        actor=w.admin_a, studio=studio, worker=cast.member_a, role="core", joined_on=date.today()
    )
    return [member.pk]


def _ent_a(w):
    make_cast(w)
    return [w.ent_a.pk]


CROSS_ORG = {
    **{name: Probe(_studio) for name in STUDIO_PAGES},
    **{name: Probe(_ent_a) for name in ORG_PAGES},
    "studios:member_remove": Probe(_member),
    # The certificate of a named studio: the host enterprise reads it, a sibling does not.
    "studios:certificate": Probe(lambda w: [make_cast(w).named().pk]),
    "api:studios_detail": Probe(_studio, api=True),
    "api:studios_creation_rate": Probe(_ent_a, api=True),
}
CROSS_ORG_URLS = [*CROSS_ORG, "showcase:studio", "showcase:craftsman"]


@pytest.fixture
def studio_b(cast):
    w = cast.world
    return services.studio_apply(
        actor=w.admin_b,
        host=w.ent_b,
        leader=cast.worker_b,
        name="李四创新工作室",
        field="电力",
        level="city",
        established_on=date(2020, 1, 1),
    )


@pytest.mark.parametrize("name", STUDIO_PAGES)
def test_cross_org_studio_pages_404(cast, studio_b, name):
    w = cast.world
    mine = cast.apply()
    client = w.client(w.admin_a)
    assert client.get(reverse(name, args=[mine.pk])).status_code == 200
    assert_404_for(client, reverse(name, args=[studio_b.pk]))
    assert_404_for(client, reverse(name, args=[studio_b.pk]), method="post", data={})
    # Another city's staff does not see a studio of this city either.
    from jiangxin.accounts.models import RoleAssignment, User

    other = User.objects.create_user(username="other_staff", password="Test-pass-2026")
    RoleAssignment.objects.create(user=other, org=w.other_city, role="federation_staff")
    assert_404_for(w.client(other), reverse(name, args=[mine.pk]))


def test_cross_org_review_post_changes_nothing(cast, studio_b):
    w = cast.world
    assert_404_for(
        w.client(w.admin_a),
        reverse("studios:review", args=[studio_b.pk]),
        method="post",
        data={"decision": "approve", "comment": "越权"},
    )
    studio_b.refresh_from_db()
    assert studio_b.status == "submitted" and not studio_b.reviews.exists()


def test_cross_org_member_remove_404_changes_nothing(cast, studio_b):
    w = cast.world
    member = studio_b.members.get()
    assert_404_for(
        w.client(w.admin_a), reverse("studios:member_remove", args=[member.pk]), method="post"
    )
    assert studio_b.members.filter(pk=member.pk).exists()


@pytest.mark.parametrize("name", ORG_PAGES)
def test_cross_org_creation_rate_pages_404(cast, name):
    w = cast.world
    client = w.client(w.admin_a)
    assert client.get(reverse(name, args=[w.ent_a.pk])).status_code == 200
    assert_404_for(client, reverse(name, args=[w.ent_b.pk]))
    assert_404_for(client, reverse(name, args=[w.county.pk]))  # above the admin's scope
    assert_404_for(w.client(w.city_staff), reverse(name, args=[w.ent_c.pk]))
    assert_404_for(
        client,
        reverse("studios:rate_target", args=[w.ent_b.pk]),
        method="post",
        data={"target_rate": "90", "by_date": "2026-12-31"},
    )


def test_cross_org_showcase_answers_404_for_what_is_not_public(cast, studio_b):
    client = Client()
    assert_404_for(client, reverse("showcase:studio", args=[studio_b.pk]))
    assert_404_for(client, reverse("showcase:studio", args=[999999]))
    assert_404_for(client, reverse("showcase:craftsman", args=[cast.worker_b.pk]))
    named = cast.named()
    assert client.get(reverse("showcase:studio", args=[named.pk])).status_code == 200


def test_cross_org_api_studio_and_creation_rate_404(cast, studio_b):
    w = cast.world
    mine = cast.apply()
    honour(cast.leader_c, "qilu-craftsman", 2020)
    client, auth = api_client(w, w.admin_a)
    assert client.get(reverse("api:studios_detail", args=[mine.pk]), **auth).status_code == 200
    assert_404_for(client, reverse("api:studios_detail", args=[studio_b.pk]), **auth)
    rate = reverse("api:studios_creation_rate", args=[w.ent_a.pk])
    assert client.get(rate, **auth).status_code == 200
    assert_404_for(client, reverse("api:studios_creation_rate", args=[w.ent_b.pk]), **auth)
    assert_404_for(client, reverse("api:studios_creation_rate", args=[w.ent_c.pk]), **auth)
    assert Studio.objects.count() == 2
