"""Honours are declared until the awarding body (or a federation at that level) verifies
them; only verified honours count."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiangxin.core.models import AuditEvent
from jiangxin.people import selectors, services
from jiangxin.people.enums import HonourStatus
from jiangxin.people.models import Honour, HonourType
from jiangxin.people.passport import passport_timeline
from jiangxin.testing.crossorg import assert_404_for
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def _award(actor, worker, code, year=2021, **kw) -> Honour:
    return services.honour_award(
        actor=actor,
        worker=worker,
        honour_type=HonourType.objects.get(code=code),
        year=year,
        **kw,
    )


def test_honour_recorded_by_enterprise_is_declared(world):
    worker = make_worker(world.ent_a, 1)
    honour = _award(world.admin_a, worker, "provincial-model-worker")
    assert honour.status == HonourStatus.DECLARED and honour.reviewed_by is None
    assert not Honour.objects.verified().exists()
    event = AuditEvent.objects.get(action="honour.award")
    assert event.details["status"] == "declared"


def test_honour_recorded_at_or_above_its_level_is_verified_at_once(world):
    worker = make_worker(world.ent_a, 1)
    city = _award(world.city_staff, worker, "city-model-worker")
    assert city.status == HonourStatus.VERIFIED and city.reviewed_by == world.city_staff
    # a city federation records a provincial honour: declared, for the province
    provincial = _award(world.city_staff, worker, "provincial-model-worker")
    assert provincial.status == HonourStatus.DECLARED
    assert _award(world.province_admin, worker, "qilu-craftsman").status == "verified"


def test_enterprise_level_honour_recorded_by_the_enterprise_is_verified(world):
    kind = HonourType.objects.create(
        code="ent-craftsman",
        name="公司首席技师",
        level="enterprise",
        category="craftsman",
        awarding_body="甲钢铁有限公司",
    )
    honour = services.honour_award(
        actor=world.admin_a, worker=make_worker(world.ent_a, 1), honour_type=kind, year=2022
    )
    assert honour.status == HonourStatus.VERIFIED


def test_honour_verify_by_the_federation_at_that_level(world):
    worker = make_worker(world.ent_a, 1)
    honour = _award(world.admin_a, worker, "provincial-model-worker")
    # the city federation is below the provincial level: not its honour to verify
    assert selectors.honours_awaiting_count(world.city_staff) == 0
    with pytest.raises(Http404):
        services.honour_verify(actor=world.city_staff, honour_ids=[honour.pk])
    with pytest.raises(Http404):  # nor the enterprise's
        services.honour_verify(actor=world.admin_a, honour_ids=[honour.pk])
    assert selectors.honours_awaiting_count(world.province_admin) == 1
    services.honour_verify(actor=world.province_admin, honour_ids=[honour.pk])
    honour.refresh_from_db()
    assert honour.status == HonourStatus.VERIFIED and honour.reviewed_by == world.province_admin
    event = AuditEvent.objects.get(action="honour.verify")
    assert event.username == "province_admin" and event.details["honour_id"] == honour.pk
    with pytest.raises(Http404):  # once decided, it is no longer waiting
        services.honour_verify(actor=world.province_admin, honour_ids=[honour.pk])


def test_honour_verify_sibling_federation_404(world):
    worker = make_worker(world.ent_a, 1)
    honour = _award(world.admin_a, worker, "city-model-worker")
    sibling = world.other_city_staff
    with pytest.raises(Http404):
        services.honour_verify(actor=sibling, honour_ids=[honour.pk])
    with pytest.raises(Http404):
        services.honour_reject(actor=sibling, honour_id=honour.pk, reason="不实")
    client = world.client(sibling)
    assert client.post(reverse("people:honour_verify", args=[honour.pk])).status_code == 404
    assert client.get(reverse("people:honour_reject", args=[honour.pk])).status_code == 404
    assert_404_for(
        client, reverse("people:honour_queue"), method="post", data={"honour": [honour.pk]}
    )
    assert honour.pk not in [
        h.pk for h in client.get(reverse("people:honour_queue")).context["page"].items
    ]
    honour.refresh_from_db()
    assert honour.status == HonourStatus.DECLARED
    # the city of the worker verifies it
    assert (
        world.client(world.city_staff)
        .post(reverse("people:honour_verify", args=[honour.pk]))
        .status_code
        == 302
    )
    honour.refresh_from_db()
    assert honour.status == HonourStatus.VERIFIED


def test_honour_verify_bulk_is_all_or_nothing(world):
    w1, w2, w3 = (make_worker(world.ent_a, n) for n in (1, 2, 3))
    mine = [_award(world.admin_a, w, "city-model-worker") for w in (w1, w2)]
    theirs = _award(world.admin_a, w3, "provincial-model-worker")  # not the city's level
    with pytest.raises(Http404):
        services.honour_verify(actor=world.city_staff, honour_ids=[h.pk for h in [*mine, theirs]])
    assert Honour.objects.verified().count() == 0
    response = world.client(world.city_staff).post(
        reverse("people:honour_queue"), {"honour": [h.pk for h in mine]}
    )
    assert response.status_code == 302
    assert set(Honour.objects.verified().values_list("pk", flat=True)) == {h.pk for h in mine}
    assert AuditEvent.objects.filter(action="honour.verify").count() == 2


def test_honour_verify_nothing_chosen_names_the_field(world):
    with pytest.raises(ValidationError) as exc:
        services.honour_verify(actor=world.city_staff, honour_ids=["x"])
    assert "honours" in exc.value.error_dict


def test_honour_reject_needs_a_reason_and_shows_it(world):
    worker = make_worker(world.ent_a, 1)
    honour = _award(world.admin_a, worker, "city-model-worker")
    with pytest.raises(ValidationError) as exc:
        services.honour_reject(actor=world.city_staff, honour_id=honour.pk, reason="  ")
    assert "reason" in exc.value.error_dict
    client = world.client(world.city_staff)
    response = client.post(reverse("people:honour_reject", args=[honour.pk]), {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(
        reverse("people:honour_reject", args=[honour.pk]), {"reason": "查无此表彰文件"}
    )
    assert response.status_code == 302
    honour.refresh_from_db()
    assert honour.status == HonourStatus.REJECTED and honour.reject_reason == "查无此表彰文件"
    assert AuditEvent.objects.filter(action="honour.reject").exists()
    page = world.client(world.admin_a).get(reverse("people:worker_detail", args=[worker.pk]))
    assert "查无此表彰文件" in page.content.decode()
    assert not [e for e in passport_timeline(worker) if e.kind == "honour"]


def test_declared_honour_not_counted_in_creation_rate_until_verified(
    world, django_capture_on_commit_callbacks
):
    from jiangxin.studios.creation_rate import creation_rate

    worker = make_worker(world.ent_a, 1, first_line=True)
    honour = _award(world.admin_a, worker, "city-model-worker")
    assert creation_rate(world.province_admin, world.province).denominator == 0
    with django_capture_on_commit_callbacks(execute=True):  # the commit rebuilds the rollup
        services.honour_verify(actor=world.city_staff, honour_ids=[honour.pk])
    assert creation_rate(world.province_admin, world.province).denominator == 1


def test_declared_honour_not_counted_in_eligibility_until_verified(world):
    from jiangxin.selection.subjects import adapter_for
    from jiangxin.selection.tests.factories import make_campaign

    campaign = make_campaign(world)  # tiers confer 青岛大工匠 and 青岛工匠 (city level)
    worker = make_worker(world.ent_a, 1)
    honour = _award(world.admin_a, worker, "qingdao-craftsman", year=2019)
    adapter = adapter_for(campaign.subject_kind)
    assert not adapter.profile(worker, campaign).already_awarded
    services.honour_verify(actor=world.city_staff, honour_ids=[honour.pk])
    assert adapter.profile(worker, campaign).already_awarded


def test_declared_honour_shown_marked_on_worker_page_and_passport(world):
    worker = make_worker(world.ent_a, 1)
    _award(world.admin_a, worker, "city-model-worker", document_number="甲发〔2021〕3号")
    client = world.client(world.admin_a)
    detail = client.get(reverse("people:worker_detail", args=[worker.pk])).content.decode()
    assert "jx-honour-declared" in detail
    passport = client.get(reverse("people:passport", args=[worker.pk])).content.decode()
    assert "jx-tl-pending" in passport and "甲发〔2021〕3号" in passport


def test_honour_queue_lists_in_scope_with_fixed_queries(world, django_assert_max_num_queries):
    client = world.client(world.city_staff)
    for n in range(2):
        _award(world.admin_a, make_worker(world.ent_a, n), "city-model-worker")
    with django_assert_max_num_queries(20) as few:
        response = client.get(reverse("people:honour_queue"))
    assert len(response.context["page"].items) == 2
    for n in range(2, 30):
        _award(world.admin_b, make_worker(world.ent_b, n), "city-model-worker")
    with django_assert_max_num_queries(20) as many:
        response = client.get(reverse("people:honour_queue"))
    assert len(response.context["page"].items) == 30
    assert len(few.captured_queries) == len(many.captured_queries)
    # another city's staff sees none of them
    assert (
        not world.client(world.other_city_staff)
        .get(reverse("people:honour_queue"))
        .context["page"]
        .items
    )


def test_honour_import_by_enterprise_is_declared(world):
    from jiangxin.people.imports import HonourImport

    worker = make_worker(world.ent_a, 1)
    spec = HonourImport()
    state = spec.begin(world.admin_a)
    row = {"resident_id": _rid(worker), "honour": "city-model-worker", "year": 2020}
    ctx = {**state, **spec.prepare(world.admin_a, [row], state)}
    assert spec.check(world.admin_a, row, ctx) == "new"
    assert row["honour_obj"].status == HonourStatus.DECLARED


def _rid(worker) -> str:
    from jiangxin.people.crypto import pii_decrypt

    return pii_decrypt(worker.id_cipher)


def test_api_honours_carry_their_verification_state(world):
    from jiangxin.accounts.services import api_token_create

    worker = make_worker(world.ent_a, 1)
    _award(world.admin_a, worker, "city-model-worker")
    _t, raw = api_token_create(actor=world.admin_a, name="t")
    response = world.client(None).get(
        reverse("api:workers_honours", args=[worker.pk]), HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert [h["status"] for h in response.json()] == ["declared"]
