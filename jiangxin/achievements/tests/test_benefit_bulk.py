"""Federations certify many claimed benefit entries at once: one service call, one
transaction, one audit record; the page lists what waits in scope, keyset-paged."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from jiangxin.achievements import services
from jiangxin.achievements.models import BenefitEntry
from jiangxin.core.models import AuditEvent
from jiangxin.testing.people import make_worker

from .helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _client(world, user):
    client = world.client(user)
    client.cookies["jx_language"] = "en"
    return client


@pytest.fixture
def claims(world):
    w = make_worker(world.ent_a, 1, name="栾军")
    a = submit(world.admin_a, world.ent_a, [w], title="转炉终点控制")
    b = submit(world.admin_b, world.ent_b, [make_worker(world.ent_b, 2)], title="变电站巡检")
    return [
        services.benefit_claim(
            actor=world.admin_a, achievement=a, year=2023, claimed_yuan="120000"
        ),
        services.benefit_claim(actor=world.admin_a, achievement=a, year=2024, claimed_yuan="80000"),
        services.benefit_claim(actor=world.admin_b, achievement=b, year=2024, claimed_yuan="5000"),
    ]


def test_benefit_certify_many_certifies_each_at_its_claim_with_one_audit(world, claims):
    rows = services.benefit_certify_many(actor=world.city_staff, entries=claims, note="审计核实")
    assert len(rows) == 3
    for e in BenefitEntry.objects.all():
        assert e.certified_yuan == e.claimed_yuan and e.certified_by == world.city_staff
        assert e.note == "审计核实"
    events = AuditEvent.objects.filter(action="benefit.certify_many")
    assert events.count() == 1
    details = events.get().details
    assert details["count"] == 3 and details["entries"] == sorted(e.pk for e in claims)
    assert Decimal(details["certified"]) == Decimal("205000")
    assert events.get().org_path == world.county.path  # the deepest org over A and B


def test_benefit_certify_many_refuses_already_certified_and_changes_nothing(world, claims):
    services.benefit_certify(actor=world.city_staff, entry=claims[0], certified_yuan="100000")
    with pytest.raises(ValidationError) as exc:
        services.benefit_certify_many(actor=world.city_staff, entries=[e.pk for e in claims])
    assert exc.value.message_dict["entries"] == [
        "The 2023 benefit of “转炉终点控制” is already certified."
    ]
    assert BenefitEntry.objects.filter(certified_yuan__isnull=False).count() == 1
    assert not AuditEvent.objects.filter(action="benefit.certify_many").exists()


def test_benefit_certify_many_refuses_outside_scope_and_unknown_ids(world, claims):
    c = submit(world.province_admin, world.ent_c, [make_worker(world.ent_c, 3)], title="港口")
    far = services.benefit_claim(
        actor=world.province_admin, achievement=c, year=2024, claimed_yuan=1
    )
    with pytest.raises(Http404):
        services.benefit_certify_many(actor=world.city_staff, entries=[claims[0].pk, far.pk])
    with pytest.raises(Http404):
        services.benefit_certify_many(actor=world.city_staff, entries=[claims[0].pk, 999_999])
    assert not BenefitEntry.objects.filter(certified_yuan__isnull=False).exists()


def test_benefit_certify_many_follows_the_single_certify_permission(world, claims):
    with pytest.raises(Http404):
        services.benefit_certify_many(actor=world.admin_a, entries=claims[:1])
    with pytest.raises(ValidationError) as exc:
        services.benefit_certify_many(actor=world.city_staff, entries=[])
    assert "Select at least one" in str(exc.value)


def test_benefit_certify_many_refuses_a_draft(world):
    a = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 4)], title="草稿", draft=True)
    e = services.benefit_claim(actor=world.admin_a, achievement=a, year=2024, claimed_yuan=10)
    with pytest.raises(ValidationError) as exc:
        services.benefit_certify_many(actor=world.city_staff, entries=[e])
    assert "still a draft" in str(exc.value)


# --- the page ---------------------------------------------------------------------------


def test_benefit_bulk_page_lists_pending_and_certifies_the_ticked(world, claims):
    client = _client(world, world.city_staff)
    url = reverse("achievements:benefit_bulk")
    html = client.get(url).content.decode()
    assert all(f'value="{e.pk}"' in html for e in claims) and "data-jx-check-all" in html
    r = client.post(url, {"entries": [claims[0].pk, claims[2].pk], "note": ""})
    assert r.status_code == 302
    certified = set(
        BenefitEntry.objects.filter(certified_yuan__isnull=False).values_list("pk", flat=True)
    )
    assert certified == {claims[0].pk, claims[2].pk}
    html = client.get(url).content.decode()
    assert f'value="{claims[1].pk}"' in html and f'value="{claims[0].pk}"' not in html


def test_benefit_bulk_page_messages_name_no_field_key(world, claims):
    client = _client(world, world.city_staff)
    url = reverse("achievements:benefit_bulk")
    nothing = client.post(url, {"note": "x"}).content.decode()
    assert "Select at least one benefit entry to certify." in nothing
    services.benefit_certify(actor=world.city_staff, entry=claims[1], certified_yuan="1")
    stale = client.post(url, {"entries": [claims[0].pk, claims[1].pk]}).content.decode()
    assert "is already certified" in stale and "entries:" not in stale
    garbage = client.post(url, {"entries": ["abc"]}).content.decode()
    assert "reload the page" in garbage


def test_benefit_bulk_page_not_for_enterprises(world, claims):
    assert (
        _client(world, world.admin_a).get(reverse("achievements:benefit_bulk")).status_code == 404
    )


def test_benefit_bulk_page_query_count_is_fixed(world, claims, django_assert_max_num_queries):
    client = _client(world, world.city_staff)
    url = reverse("achievements:benefit_bulk")
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    w = make_worker(world.ent_a, 9)
    for n in range(60):
        a = submit(world.admin_a, world.ent_a, [w], title=f"成果{n}")
        BenefitEntry.objects.create(achievement=a, year=2024, claimed_yuan=100)
    with django_assert_max_num_queries(25) as many:
        page1 = client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert 'rel="next"' in page1.content.decode()
    html = page1.content.decode()
    import re

    cursor = re.search(r'cursor=([^"&]+)"', html)[1]
    page2 = client.get(f"{url}?cursor={cursor}").content.decode()
    assert "成果59" in page2 and "成果59" not in html


def test_benefit_claims_pending_count_for_the_home_page(world, claims):
    from jiangxin.achievements.selectors import benefit_claims_pending_count

    assert benefit_claims_pending_count(world.city_staff) == 3
    assert benefit_claims_pending_count(world.admin_a) == 0  # cannot certify
    services.benefit_certify_many(actor=world.city_staff, entries=claims[:2])
    assert benefit_claims_pending_count(world.city_staff) == 1
