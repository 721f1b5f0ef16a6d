"""The patents API: record at any office, grant/reject/lapse, field-named refusals."""

import pytest
from django.urls import reverse
from django.utils import translation

from jiangxin.achievements.models import Patent
from jiangxin.testing.people import make_worker

from .helpers import pnum, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def api(world):
    from jiangxin.accounts.services import api_token_create

    _t, raw = api_token_create(actor=world.admin_a, name="t")
    client = world.client(None)
    client.cookies["jx_language"] = "en"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def post(url, data):
        return client.post(url, data, content_type="application/json", **auth)

    post.get = lambda url: client.get(url, **auth)
    return post


def test_api_patent_add_each_office_and_read_back(world, api):
    a = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 1)])
    url = reverse("api:achievements_patent_add", args=[a.pk])
    r = api(url, {"office": "pct", "application_number": "pct/cn2024/123456"})
    assert r.status_code == 201, r.content
    assert (
        r.json()["application_number"] == "PCT/CN2024/123456" and r.json()["patent_type"] == "pct"
    )
    r = api(url, {"office": "ep", "application_number": "EP21812345.6"})
    assert r.status_code == 422
    assert "must be 3, not 6" in r.json()["errors"]["application_number"][0]
    detail = api.get(reverse("api:achievements_detail", args=[a.pk])).json()
    assert [p["office"] for p in detail["patents"]] == ["pct"]


def test_api_patent_lifecycle(world, api):
    a = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 1)])
    r = api(
        reverse("api:achievements_patent_add", args=[a.pk]),
        {"application_number": pnum(2021, "invention", 5), "filed_on": "2021-04-01"},
    )
    pk = r.json()["id"]
    bad = api(reverse("api:achievements_patent_grant", args=[pk]), {"grant_date": "2021-03-01"})
    assert bad.status_code == 422 and "grant_date" in bad.json()["errors"]
    ok = api(
        reverse("api:achievements_patent_grant", args=[pk]),
        {"grant_date": "2023-05-06", "grant_number": "ZL1"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "granted"
    no = api(reverse("api:achievements_patent_reject", args=[pk]), {"date": "2023-06-01"})
    assert no.status_code == 422 and "cannot become" in no.json()["errors"]["status"][0]
    gone = api(
        reverse("api:achievements_patent_lapse", args=[pk]), {"date": "2025-06-01", "reason": "x"}
    )
    assert gone.status_code == 200 and gone.json()["ended_on"] == "2025-06-01"
    assert Patent.objects.get().status == "lapsed"
