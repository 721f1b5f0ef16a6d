import pytest
from django.urls import reverse

from jiangxin.testing.crossorg import assert_404_for
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db

CROSS_ORG_URLS = [
    "people:worker_detail",
    "people:worker_edit",
    "people:worker_unmask",
    "people:honour_add",
    "people:promotion_add",
    "people:passport",
    "people:passport_pdf",
    "people:honour_verify",
    "people:honour_reject",
    "api:workers_detail",
    "api:workers_honours",
]


@pytest.mark.parametrize(
    "name",
    [
        "people:worker_detail",
        "people:worker_edit",
        "people:honour_add",
        "people:promotion_add",
        "people:passport",
        "people:passport_pdf",
    ],
)
def test_cross_org_worker_pages_404(world, name):
    mine, theirs = make_worker(world.ent_a, 1), make_worker(world.ent_b, 2)
    client = world.client(world.admin_a)
    assert client.get(reverse(name, args=[mine.pk])).status_code == 200
    assert_404_for(client, reverse(name, args=[theirs.pk]))


def test_cross_org_unmask_404(world):
    theirs = make_worker(world.ent_c, 3)
    assert_404_for(
        world.client(world.city_staff),
        reverse("people:worker_unmask", args=[theirs.pk]),
        method="post",
    )


def test_cross_org_api_workers_404(world):
    from jiangxin.accounts.services import api_token_create

    mine, theirs = make_worker(world.ent_a, 1), make_worker(world.ent_b, 2)
    _t, raw = api_token_create(actor=world.admin_a, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = world.client(None)
    for name in ("api:workers_detail", "api:workers_honours"):
        assert client.get(reverse(name, args=[mine.pk]), **auth).status_code == 200
        assert_404_for(client, reverse(name, args=[theirs.pk]), **auth)


def test_cross_org_honour_verify_and_reject_404(world):
    """Staff of another city, with the same role, cannot see nor decide the honour."""
    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.core.roles import Role
    from jiangxin.people.models import HonourType
    from jiangxin.people.services import honour_award

    honour = honour_award(
        actor=world.admin_a,
        worker=make_worker(world.ent_a, 1),
        honour_type=HonourType.objects.get(code="city-model-worker"),
        year=2022,
    )
    sibling = User.objects.create_user(username="sibling_city", password="Test-pass-2026")
    RoleAssignment.objects.create(user=sibling, org=world.other_city, role=Role.FEDERATION_STAFF)
    client = world.client(sibling)
    assert_404_for(client, reverse("people:honour_verify", args=[honour.pk]), method="post")
    assert_404_for(client, reverse("people:honour_reject", args=[honour.pk]))
    assert_404_for(
        client,
        reverse("people:honour_reject", args=[honour.pk]),
        method="post",
        data={"reason": "x"},
    )
    mine = world.client(world.city_staff)
    assert mine.get(reverse("people:honour_reject", args=[honour.pk])).status_code == 200
