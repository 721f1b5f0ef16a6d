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
    "api:workers_detail",
    "api:workers_honours",
    "api:workers_update",
    "api:workers_honour_record",
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


def test_cross_org_api_worker_writes_404(world):
    """A sibling enterprise's admin with a write token cannot update another's worker or
    record an honour for them (see also people/tests/test_api_writes.py)."""
    from jiangxin.testing.api import api_as

    theirs = make_worker(world.ent_b, 2)
    api = api_as(world.admin_a)
    url = reverse("api:workers_update", args=[theirs.pk])
    assert api.patch(url, {"occupation": "x"}).status_code == 404
    url = reverse("api:workers_honour_record", args=[theirs.pk])
    assert api.post(url, {"honour_type": "qilu-craftsman", "year": 2024}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.occupation == "" and not theirs.honours.exists()
