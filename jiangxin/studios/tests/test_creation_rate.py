"""The creation rate: first-line model workers and craftsmen who lead a named studio, of
all of them, per org subtree, drilled down by child org, against the latest target."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiangxin.core.rollups import rollup_ready, rollup_rebuild
from jiangxin.orgs.enums import OrgKind
from jiangxin.studios import selectors, services
from jiangxin.studios.creation_rate import ROLLUP
from jiangxin.testing.factories import OrgFactory
from jiangxin.testing.people import make_worker

from .helpers import honour

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(cast):
    """ent A: 栾军 (named studio), a2 (none), a3 at branch A1 (only announced), a4 (revoked);
    ent B: b1 (named studio); ent C: c1 (none); and three who do not count."""
    w = cast.world
    a2 = make_worker(w.ent_a, 40, name="甲二")
    honour(a2, "provincial-model-worker", 2020)
    a3 = make_worker(w.branch_a1, 41, name="甲三")
    honour(a3, "city-model-worker", 2019)
    a4 = make_worker(w.ent_a, 42, name="甲四")
    honour(a4, "qilu-craftsman", 2018)
    b1 = make_worker(w.ent_b, 43, name="乙一")
    honour(b1, "national-may-day-medal", 2017)
    honour(b1, "provincial-model-worker", 2019)  # two honours: still one person
    c1 = make_worker(w.ent_c, 44, name="丙一")
    honour(c1, "great-power-craftsman", 2018)
    expert = make_worker(w.ent_a, 45, name="能手")  # technical expert: does not count
    honour(expert, "provincial-technical-expert", 2021)
    office = make_worker(w.ent_a, 46, name="科室", first_line=False)  # not first-line
    honour(office, "qilu-craftsman", 2022)
    make_worker(w.ent_a, 47, name="普通")  # no honour

    cast.named()  # 栾军
    cast.announce(cast.apply(a3, host=w.ent_a))
    revoked = cast.named(a4)
    services.studio_revoke(actor=w.province_admin, studio=revoked, reason="不合格")
    studio_b = services.studio_apply(
        actor=w.admin_b,
        host=w.ent_b,
        leader=b1,
        name="乙一创新工作室",
        field="电力",
        level="city",
        established_on=date(2018, 1, 1),
    )
    cast.approve(studio_b, w.admin_b, w.city_staff)  # a city-level studio: the city names
    cast.end_announcement(studio_b)
    services.studio_name(
        actor=w.province_admin,
        studio=studio_b,
        document_number="青工发〔2026〕3号",
        unveiled_on=date(2026, 6, 1),
        level="city",
    )
    services.creation_rate_target_set(
        actor=w.province_admin,
        org=w.province,
        target_rate=Decimal("60"),
        by_date=date(2025, 12, 31),
    )
    services.creation_rate_target_set(
        actor=w.province_admin,
        org=w.province,
        target_rate=Decimal("80"),
        by_date=date(2026, 12, 31),
    )
    services.creation_rate_target_set(
        actor=w.city_staff, org=w.city, target_rate=Decimal("50"), by_date=date(2026, 12, 31)
    )
    return cast


def _rows(rate):
    return {
        (r.org.name if r.org else None): (r.numerator, r.denominator, r.rate) for r in rate.children
    }


def test_creation_rate_arithmetic_with_drill_down_and_target(rated):
    w = rated.world
    rate = selectors.creation_rate(w.province_admin, w.province)
    assert (rate.numerator, rate.denominator, rate.rate) == (2, 6, 33.3)
    assert rate.target_rate == 80.0 and rate.target.by_date == date(2026, 12, 31)
    assert _rows(rate) == {w.city.name: (2, 5, 40.0), w.other_city.name: (0, 1, 0.0)}
    city_row = next(r for r in rate.children if r.org == w.city)
    assert city_row.target_rate == 50.0 and city_row.met is False

    county = selectors.creation_rate(w.province_admin, w.county)
    assert _rows(county) == {w.ent_a.name: (1, 4, 25.0), w.ent_b.name: (1, 1, 100.0)}
    # Below the enterprise: its branch, and those employed directly at it.
    ent_a = selectors.creation_rate(w.province_admin, w.ent_a)
    assert _rows(ent_a) == {w.branch_a1.name: (0, 1, 0.0), None: (1, 3, 33.3)}


def test_creation_rate_without_a_studio_lists_the_gaps(rated):
    w = rated.world
    page = selectors.creation_rate_gaps(w.province_admin, w.province)
    assert sorted(x.name for x in page.items) == ["丙一", "甲三", "甲二", "甲四"]
    assert [h.honour_type.name for h in page.items[0].counted_honours]
    city = selectors.creation_rate_gaps(w.city_staff, w.city, size=2)
    assert len(city.items) == 2 and city.has_next
    rest = selectors.creation_rate_gaps(w.city_staff, w.city, size=2, cursor=city.next_cursor)
    assert {x.name for x in city.items + rest.items} == {"甲二", "甲三", "甲四"}


def test_creation_rate_is_scoped(rated):
    w = rated.world
    with pytest.raises(Http404):
        selectors.creation_rate(w.admin_a, w.ent_b)
    with pytest.raises(Http404):
        selectors.creation_rate(w.city_staff, w.province)
    with pytest.raises(Http404):
        services.creation_rate_target_set(
            actor=w.admin_a, org=w.ent_b, target_rate=Decimal("50"), by_date=date(2026, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.creation_rate_target_set(
            actor=w.province_admin, org=w.city, target_rate=Decimal("120"), by_date=date(2026, 1, 1)
        )


def test_creation_rate_query_count_does_not_grow_with_children(rated, django_assert_num_queries):
    w = rated.world
    rollup_ready(ROLLUP)  # built once (the worker keeps it fresh)
    with django_assert_num_queries(3):  # the rollup's state, the cells, the targets
        selectors.creation_rate(w.province_admin, w.county)
    for i in range(8):
        org = OrgFactory.under(w.county, name=f"新企业{i}", kind=OrgKind.ENTERPRISE)
        person = make_worker(org, 60 + i, name=f"新匠{i}")
        honour(person, "qilu-craftsman", 2023)
    rollup_rebuild(ROLLUP)  # what the worker does after the writes commit
    with django_assert_num_queries(3):
        rate = selectors.creation_rate(w.province_admin, w.county)
    assert len(rate.children) == 10


def test_creation_rate_page_shows_chart_data_and_rows(rated, django_assert_max_num_queries):
    w = rated.world
    client = w.client(w.province_admin)
    response = client.get(reverse("studios:rate"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="jx-rate-data"' in body and "studios/charts.js" in body
    assert "<script>" not in body  # no inline script: the CSP forbids it
    chart = response.context["chart"]
    assert chart["labels"] == [w.city.name, w.other_city.name]
    assert chart["rates"] == [40.0, 0.0] and chart["targets"] == [50.0, 80.0]
    assert chart["urls"][0] == reverse("studios:rate_org", args=[w.city.pk])
    drill = client.get(reverse("studios:rate_org", args=[w.county.pk])).content.decode()
    assert w.ent_a.name in drill and w.other_city.name not in drill
    without = client.get(reverse("studios:rate_without", args=[w.province.pk])).content.decode()
    assert "丙一" in without and "栾军" not in without


def test_creation_rate_target_form_sets_the_target(rated):
    w = rated.world
    client = w.client(w.city_staff)
    url = reverse("studios:rate_target", args=[w.county.pk])
    response = client.post(url, {"target_rate": "101", "by_date": "2026-12-31"})
    assert response.status_code == 200 and "target_rate" in response.context["form"].errors
    response = client.post(url, {"target_rate": "75", "by_date": "2026-12-31", "note": "县目标"})
    assert response.status_code == 302
    rate = selectors.creation_rate(w.city_staff, w.county)
    assert rate.target_rate == 75.0


def test_creation_rate_without_page_query_count_is_fixed(rated, django_assert_max_num_queries):
    w = rated.world
    client = w.client(w.province_admin)
    url = reverse("studios:rate_without", args=[w.province.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(30):
        person = make_worker(w.ent_c, 100 + i, name=f"匠{i}")
        honour(person, "qilu-craftsman", 2023)
    with django_assert_max_num_queries(20) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
