"""The studios API: keyset list, detail and creation rate, scoped like the pages."""

import pytest
from django.urls import reverse

from .conftest import api_client

pytestmark = pytest.mark.django_db


def test_api_studio_list_and_detail(cast):
    w = cast.world
    studio = cast.apply()
    cast.apply(cast.member_a, name="张三创新工作室")
    client, auth = api_client(w, w.admin_a)
    page = client.get(reverse("api:studios_list"), {"size": 1}, **auth).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = client.get(
        reverse("api:studios_list"), {"size": 1, "cursor": page["next_cursor"]}, **auth
    ).json()
    assert {page["items"][0]["name"], rest["items"][0]["name"]} == {
        "栾军创新工作室",
        "张三创新工作室",
    }
    one = client.get(reverse("api:studios_detail", args=[studio.pk]), **auth).json()
    assert one["leader"] == "栾军" and one["status"] == "submitted"
    assert one["stage_org_id"] == w.ent_a.pk
    assert "id_masked" not in str(one)
    # Nobody in B sees A's studios in the list.
    client_b, auth_b = api_client(w, w.admin_b)
    assert client_b.get(reverse("api:studios_list"), **auth_b).json()["items"] == []


def test_api_creation_rate(cast):
    from .helpers import honour

    w = cast.world
    cast.named()
    honour(cast.member_a, "provincial-model-worker", 2020)
    client, auth = api_client(w, w.province_admin)
    data = client.get(reverse("api:studios_creation_rate", args=[w.county.pk]), **auth).json()
    assert (data["numerator"], data["denominator"], data["rate"]) == (1, 2, 50.0)
    assert data["children"][0]["org_id"] == w.ent_a.pk


def test_api_needs_a_token(cast):
    response = cast.world.client(None).get(reverse("api:studios_list"))
    assert response.status_code == 401


def test_api_studio_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    from jiangxin.testing.people import make_worker

    w = cast.world
    client, auth = api_client(w, w.city_staff)
    cast.apply()
    client.get(reverse("api:studios_list"), **auth)  # the token's first use is recorded once
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("api:studios_list"), **auth)
    for i in range(20):
        cast.apply(make_worker(w.ent_a, 500 + i, name=f"接口{i}"), name=f"接口{i}创新工作室")
    with django_assert_max_num_queries(12) as many:
        data = client.get(reverse("api:studios_list"), **auth).json()
    assert len(data["items"]) == 21
    assert len(few.captured_queries) == len(many.captured_queries)
