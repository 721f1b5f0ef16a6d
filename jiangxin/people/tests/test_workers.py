import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiangxin.core.models import AuditEvent
from jiangxin.people import selectors, services
from jiangxin.people.crypto import pii_decrypt
from jiangxin.people.models import HonourType, Worker
from jiangxin.testing.exports import export_get
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db


def test_worker_register_encrypts_and_derives(world, caplog):
    caplog.set_level(logging.DEBUG)
    rid = resident_id(7, female=True)
    worker = services.worker_register(
        actor=world.admin_a, employer=world.ent_a, resident_id=rid, name="王芳"
    )
    row = Worker.objects.get(pk=worker.pk)
    assert rid not in row.id_cipher and rid not in row.id_hash
    assert pii_decrypt(row.id_cipher) == rid
    assert row.id_masked == rid[:6] + "********" + rid[-4:]
    assert row.gender == "F" and row.birth_date.isoformat() == "1985-06-15"
    event = AuditEvent.objects.get(action="worker.register")
    assert rid not in str(event.details) and rid not in event.object_repr
    assert rid not in caplog.text  # never in logs (SQL logging included)


@pytest.mark.parametrize(
    ("rid", "fragment"),
    [
        ("11010519491231002x", "X"),
        ("110105194912310021", "check"),
        ("110105194902300020", "date"),
        ("1101051949", "18"),
    ],
)
def test_worker_register_bad_id_names_field(world, rid, fragment):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.worker_register(
            actor=world.admin_a, employer=world.ent_a, resident_id=rid, name="x"
        )
    assert "resident_id" in exc.value.error_dict
    assert Worker.objects.count() == 0


def test_worker_register_duplicate_id_refused(world):
    services.worker_register(
        actor=world.admin_a, employer=world.ent_a, resident_id=resident_id(1), name="甲"
    )
    with pytest.raises(ValidationError) as exc:
        services.worker_register(
            actor=world.admin_a, employer=world.ent_a, resident_id=resident_id(1), name="乙"
        )
    assert "resident_id" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:  # another enterprise: no names leak
        services.worker_register(
            actor=world.admin_b, employer=world.ent_b, resident_id=resident_id(1), name="丙"
        )
    assert "甲" not in str(exc.value)


def test_worker_register_gender_must_match_id(world):
    with pytest.raises(ValidationError) as exc:
        services.worker_register(
            actor=world.admin_a,
            employer=world.ent_a,
            resident_id=resident_id(2),
            name="x",
            gender="F",
        )
    assert "gender" in exc.value.error_dict


def test_worker_register_outside_scope_404(world):
    with pytest.raises(Http404):
        services.worker_register(
            actor=world.admin_a, employer=world.ent_b, resident_id=resident_id(3), name="x"
        )
    with pytest.raises(Http404):
        services.worker_register(
            actor=world.worker_a, employer=world.ent_a, resident_id=resident_id(3), name="x"
        )


def test_worker_register_employer_must_be_enterprise(world):
    with pytest.raises(ValidationError):
        services.worker_register(
            actor=world.city_staff, employer=world.county, resident_id=resident_id(3), name="x"
        )


def test_worker_lookup_by_id_is_one_indexed_query(world):
    target = make_worker(world.ent_a, 5)
    make_worker(world.ent_a, 6)
    from jiangxin.core.access import user_scope

    user_scope(world.admin_a)  # the scope is read once per request, before the lookup
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.worker_by_resident_id(
            world.admin_a, resident_id(5, birth=target.birth_date)
        )
    assert found == target
    assert len(ctx.captured_queries) == 1
    assert "id_hash" in ctx.captured_queries[0]["sql"]


def test_worker_unmask_needs_permission_and_is_audited(world):
    worker = make_worker(world.ent_a, 5)
    with pytest.raises(Http404):
        services.worker_unmask(actor=world.admin_a, worker=worker)
    value = services.worker_unmask(actor=world.province_admin, worker=worker)
    assert value == pii_decrypt(worker.id_cipher)
    assert AuditEvent.objects.filter(
        action="worker.unmask", username="province_admin", object_id=str(worker.pk)
    ).exists()
    response = world.client(world.province_admin).post(
        reverse("people:worker_unmask", args=[worker.pk])
    )
    assert value in response.content.decode()


def test_worker_search_by_full_id_finds_one(world):
    target = make_worker(world.ent_a, 5)
    make_worker(world.ent_a, 6)
    rid = pii_decrypt(target.id_cipher)
    page = selectors.worker_list(world.admin_a, resident_id=rid)
    assert [w.pk for w in page.items] == [target.pk]
    client = world.client(world.admin_a)
    found = client.post(reverse("people:worker_list"), {"resident_id": rid}).content.decode()
    assert target.name in found and "职工6" not in found
    # an ID number in a URL is refused, not searched (it would land in access logs)
    by_url = client.get(reverse("people:worker_list"), {"q": rid})
    assert "职工6" in by_url.content.decode() and list(by_url.context["messages"])
    from jiangxin.accounts.services import api_token_create

    _t, raw = api_token_create(actor=world.admin_a, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    api = client.get("/api/v1/people/workers", {"q": rid}, **auth)
    assert api.status_code == 400
    lookup = client.post(
        "/api/v1/people/workers/lookup",
        {"resident_id": rid},
        content_type="application/json",
        **auth,
    )
    assert lookup.status_code == 200 and lookup.json()["id"] == target.pk
    assert (
        rid
        not in world.client(world.admin_a)
        .get(reverse("people:worker_list"), {"q": "职工"})
        .content.decode()
    )


def test_worker_list_query_count_is_fixed(world, django_assert_max_num_queries):
    client = world.client(world.city_staff)
    for n in range(3):
        make_worker(world.ent_a, n)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("people:worker_list"))
    for n in range(3, 45):
        make_worker(world.ent_b, n)
    with django_assert_max_num_queries(15) as many:
        client.get(reverse("people:worker_list"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_worker_create_view_bad_input_changes_nothing(world):
    response = world.client(world.admin_a).post(
        reverse("people:worker_create"),
        {"name": "x", "resident_id": "110105194912310021", "employer": world.ent_a.pk},
    )
    assert response.status_code == 200 and "resident_id" in response.context["form"].errors
    assert Worker.objects.count() == 0


def test_worker_create_view_registers(world):
    response = world.client(world.admin_a).post(
        reverse("people:worker_create"),
        {
            "name": "张工",
            "resident_id": resident_id(9),
            "employer": world.ent_a.pk,
            "first_line": "on",
        },
    )
    assert response.status_code == 302
    assert Worker.objects.get().name == "张工"


def test_honour_award_and_passport_timeline(world):
    worker = make_worker(world.ent_a, 5)
    qilu = HonourType.objects.get(code="qilu-craftsman")
    services.honour_award(
        actor=world.admin_a,
        worker=worker,
        honour_type=qilu,
        year=2021,
        document_number="鲁工发〔2021〕8号",
    )
    from datetime import date

    services.skill_promote(
        actor=world.admin_a,
        worker=worker,
        level=5,
        date=date(2022, 3, 1),
        evidence_kind="certificate",
    )
    worker.refresh_from_db()
    assert worker.skill_level == 5
    body = (
        world.client(world.admin_a)
        .get(reverse("people:passport", args=[worker.pk]))
        .content.decode()
    )
    assert "齐鲁工匠" in body and "2022-03-01" in body
    pdf = world.client(world.admin_a).get(reverse("people:passport_pdf", args=[worker.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_honour_award_bad_validity_refused(world):
    from datetime import date

    worker = make_worker(world.ent_a, 5)
    with pytest.raises(ValidationError) as exc:
        services.honour_award(
            actor=world.admin_a,
            worker=worker,
            honour_type=HonourType.objects.first(),
            year=2021,
            valid_from=date(2022, 1, 1),
            valid_to=date(2021, 1, 1),
        )
    assert "valid_to" in exc.value.error_dict


def test_worker_self_service_profile(world):
    worker = make_worker(world.ent_a, 5)
    Worker.objects.filter(pk=worker.pk).update(user=world.worker_a)
    client = world.client(world.worker_a)
    assert client.get(reverse("people:my_profile")).status_code == 200
    response = client.post(
        reverse("people:my_profile"),
        {"mobile": "13912345678", "bio": "炼钢", "showcase_consent": "on"},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.showcase_consent and worker.mobile == "13912345678"
    assert world.client(world.admin_b).get(reverse("people:my_profile")).status_code == 404


def test_worker_export_masked_and_audited(world):
    import io

    from python_calamine import CalamineWorkbook

    worker = make_worker(world.ent_a, 5)
    response = export_get(world.client(world.admin_a), reverse("people:worker_export"))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][2] == worker.id_masked
    assert AuditEvent.objects.filter(action="export", details__kind="workers").exists()


def test_worker_honour_types_seeded():
    codes = set(HonourType.objects.values_list("code", flat=True))
    assert {
        "great-power-craftsman",
        "qilu-craftsman",
        "sanqin-craftsman",
        "qingdao-great-craftsman",
        "national-may-day-medal",
    } <= codes


def test_worker_export_unmasked_needs_permission_and_is_audited(world):
    import io

    from python_calamine import CalamineWorkbook

    worker = make_worker(world.ent_a, 5)
    assert (
        world.client(world.admin_a)
        .get(reverse("people:worker_export"), {"unmasked": "1"})
        .status_code
        == 404
    )
    response = export_get(
        world.client(world.province_admin), reverse("people:worker_export"), {"unmasked": "1"}
    )
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][2] == pii_decrypt(worker.id_cipher)
    assert AuditEvent.objects.filter(
        action="export", username="province_admin", details__kind="workers-unmasked"
    ).exists()
