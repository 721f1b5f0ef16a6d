"""A user of enterprise A gets 404 for everything of enterprise B (and of other cities)."""

import pytest
from django.urls import reverse

from jiangxin.testing.crossorg import Probe, assert_404_for

pytestmark = pytest.mark.django_db

CROSS_ORG = {
    "orgs:detail": Probe(lambda w: [w.ent_a.pk]),
    "orgs:edit": Probe(lambda w: [w.ent_a.pk]),
    "orgs:create": Probe(lambda w: [w.ent_a.pk]),
    # Moving a subtree is for federation admins: the stranger is the other city's.
    "orgs:move": Probe(lambda w: [w.ent_a.pk], owner="city_admin", stranger="other_city_admin"),
    "api:orgs_detail": Probe(lambda w: [w.ent_a.pk], api=True),
}
CROSS_ORG_URLS = list(CROSS_ORG)


def test_cross_org_org_move_404_for_the_other_citys_admin(world):
    """Moving needs a federation admin: city_admin may move A, the other city's may not."""
    url = reverse("orgs:move", args=[world.ent_a.pk])
    assert world.client(world.city_admin).get(url).status_code == 200
    assert_404_for(world.client(world.other_city_admin), url)
    assert_404_for(world.client(world.other_city_admin), url, method="post", data={})


@pytest.mark.parametrize("name", ["orgs:detail", "orgs:edit", "orgs:move"])
def test_cross_org_org_pages_404(world, name):
    client = world.client(world.admin_a)
    assert_404_for(client, reverse(name, args=[world.ent_b.pk]))
    assert_404_for(client, reverse(name, args=[world.ent_c.pk]))
    assert client.get(reverse("orgs:detail", args=[world.ent_a.pk])).status_code == 200


def test_cross_org_org_create_under_foreign_parent_404(world):
    client = world.client(world.admin_a)
    url = reverse("orgs:create", args=[world.ent_b.pk])
    assert_404_for(client, url)
    assert_404_for(
        client, url, method="post", data={"name": "x", "kind": "branch", "region_code": "370102"}
    )


def test_cross_org_org_edit_post_404_changes_nothing(world):
    client = world.client(world.admin_a)
    url = reverse("orgs:edit", args=[world.ent_b.pk])
    assert_404_for(
        client,
        url,
        method="post",
        data={
            "name": "hijacked",
            "kind": "enterprise",
            "region_code": "370102",
            "uscc": world.ent_b.uscc,
        },
    )
    world.ent_b.refresh_from_db()
    assert world.ent_b.name == "乙电力有限公司"


def test_cross_org_city_staff_cannot_see_other_city(world):
    client = world.client(world.city_staff)
    assert_404_for(client, reverse("orgs:detail", args=[world.ent_c.pk]))
    assert_404_for(client, reverse("orgs:detail", args=[world.province.pk]))
    assert client.get(reverse("orgs:detail", args=[world.ent_b.pk])).status_code == 200


def test_cross_org_outsider_sees_nothing(world):
    client = world.client(world.outsider)
    assert_404_for(client, reverse("orgs:detail", args=[world.ent_a.pk]))
    assert_404_for(client, reverse("orgs:list"))


def test_cross_org_api_org_detail_404(world):
    from jiangxin.accounts.services import api_token_create

    _token, raw = api_token_create(actor=world.admin_a, name="t")
    client = world.client(None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(reverse("api:orgs_detail", args=[world.ent_a.pk]), **auth).status_code == 200
    assert_404_for(client, reverse("api:orgs_detail", args=[world.ent_b.pk]), **auth)
    assert_404_for(client, reverse("api:orgs_detail", args=[world.ent_c.pk]), **auth)
