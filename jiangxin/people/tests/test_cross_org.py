import pytest
from django.urls import reverse

from jiangxin.testing.crossorg import Probe, assert_404_for
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def _worker(w):
    return [make_worker(w.ent_a, 1).pk]


def _declared_honour(w):
    from jiangxin.people.models import HonourType
    from jiangxin.people.services import honour_award

    honour = honour_award(
        actor=w.admin_a,
        worker=make_worker(w.ent_a, 1),
        honour_type=HonourType.objects.get(code="city-model-worker"),
        year=2022,
    )
    return [honour.pk]


CITY = {"owner": "city_staff", "stranger": "other_city_staff"}
CROSS_ORG = {
    "people:worker_detail": Probe(_worker),
    "people:worker_edit": Probe(_worker),
    # Unmasking is for federation admins: the stranger is the other city's.
    "people:worker_unmask": Probe(_worker, owner="city_admin", stranger="other_city_admin"),
    "people:honour_add": Probe(_worker),
    "people:promotion_add": Probe(_worker),
    "people:passport": Probe(_worker),
    "people:passport_pdf": Probe(_worker),
    # Honours are verified by the federation at their level: the other city's staff.
    "people:honour_verify": Probe(_declared_honour, **CITY),
    "people:honour_reject": Probe(_declared_honour, data={"reason": "不实"}, **CITY),
    "api:workers_detail": Probe(_worker, api=True),
    "api:workers_honours": Probe(_worker, api=True),
}
CROSS_ORG_URLS = list(CROSS_ORG)


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
    # city_admin may unmask (a federation admin), but not in the other city.
    assert_404_for(
        world.client(world.city_admin),
        reverse("people:worker_unmask", args=[theirs.pk]),
        method="post",
    )
    assert (
        world.client(world.other_city_admin)
        .post(reverse("people:worker_unmask", args=[theirs.pk]))
        .status_code
        == 200
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


def test_cross_org_lookup_by_id_number_finds_nothing_of_a_sibling(world):
    """The ID-number lookup (page and API) is scoped: enterprise B's admin, who may look
    workers up, learns nothing about enterprise A's worker from the full number."""
    from jiangxin.people.crypto import pii_decrypt
    from jiangxin.testing.crossorg import api_client

    worker = make_worker(world.ent_a, 1, name="甲职工")
    rid = pii_decrypt(worker.id_cipher)
    for user, found in ((world.admin_a, True), (world.admin_b, False)):
        client, auth = api_client(user)
        response = client.post(
            "/api/v1/people/workers/lookup",
            {"resident_id": rid},
            content_type="application/json",
            **auth,
        )
        assert response.status_code == (200 if found else 404)
        page = world.client(user).post(reverse("people:worker_list"), {"resident_id": rid})
        assert ("甲职工" in page.content.decode()) is found


def test_cross_org_honour_verify_and_reject_404(world):
    """Staff of another city, with the same role, cannot see nor decide the honour."""
    from jiangxin.people.models import HonourType
    from jiangxin.people.services import honour_award

    honour = honour_award(
        actor=world.admin_a,
        worker=make_worker(world.ent_a, 1),
        honour_type=HonourType.objects.get(code="city-model-worker"),
        year=2022,
    )
    client = world.client(world.other_city_staff)
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
