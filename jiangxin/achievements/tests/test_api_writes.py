"""Submitting achievements through the API: completers by id or ID number, patents and
benefit claims in one call, all or nothing, field-named errors, the write scope, and 404
for another enterprise's objects."""

from datetime import date

import pytest

from jiangxin.accounts.models import TokenScope
from jiangxin.achievements.models import Achievement, BenefitEntry, Patent
from jiangxin.core.models import AuditEvent
from jiangxin.testing.api import api_as, field_errors
from jiangxin.testing.people import make_worker, resident_id

from .helpers import make_studio, pnum, submit

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/achievements"


@pytest.fixture
def crew(world):
    a1 = make_worker(world.ent_a, 1, name="栾军")
    a2 = make_worker(world.branch_a1, 2, name="王强")
    b1 = make_worker(world.ent_b, 3, name="李丽")
    return a1, a2, b1


def _body(world, crew, **over):
    a1, a2, _b1 = crew
    body = {
        "enterprise_id": world.ent_a.pk,
        "title": "转炉炉衬快速修补技术",
        "kind": "technical_innovation",
        "started_on": "2021-03-01",
        "completed_on": "2022-06-30",
        "completers": [
            {"worker_id": a1.pk, "share_pct": "60"},
            {"resident_id": resident_id(2, birth=a2.birth_date), "share_pct": "40"},
        ],
        "patents": [
            {"application_number": pnum(2021), "status": "granted", "grant_date": "2022-04-18"}
        ],
        "benefit": [{"year": 2022, "claimed_yuan": "1250000.00", "note": "节约耐材"}],
    }
    body.update(over)
    return body


def test_api_achievement_submit_with_completers_patents_and_benefit(world, crew):
    a1, a2, _b1 = crew
    api = api_as(world.admin_a)
    response = api.post(SUBMIT, _body(world, crew))
    assert response.status_code == 201, response.content
    data = response.json()
    a = Achievement.objects.get(pk=data["id"])
    assert a.status == "submitted"
    assert [c["worker_id"] for c in data["completers"]] == [a1.pk, a2.pk]
    assert data["patents"][0]["application_number"] == pnum(2021)
    assert data["patents"][0]["patent_type"] == "invention"  # from the number
    assert data["benefit_totals"]["claimed"] == "1250000.00"
    assert resident_id(2, birth=a2.birth_date) not in response.content.decode()
    actions = set(AuditEvent.objects.filter(object_id=str(a.pk)).values_list("action", flat=True))
    assert {"achievement.submit", "achievement.patent_add", "benefit.claim"} <= actions


def test_api_achievement_submit_is_all_or_nothing(world, crew):
    """A refused patent (the second) names its place, and nothing is saved."""
    api = api_as(world.admin_a)
    body = _body(world, crew)
    body["patents"].append({"application_number": "202110123456.0"})  # bad check digit
    response = api.post(SUBMIT, body)
    assert response.status_code == 422
    assert "patents.1.application_number" in field_errors(response)
    body = _body(world, crew, benefit=[{"year": 2019, "claimed_yuan": "10"}])
    response = api.post(SUBMIT, body)
    assert "benefit.0.year" in field_errors(response)  # before the achievement was started
    assert not Achievement.objects.exists() and not Patent.objects.exists()
    assert not BenefitEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="achievement.submit").exists()


def test_api_achievement_submit_field_errors(world, crew):
    api = api_as(world.admin_a)
    cases = {
        "kind": {"kind": "perpetual_motion"},
        "completed_on": {"completed_on": "2022-13-01"},
        "title": {"title": "长" * 201},
        "completers": {"completers": []},
        "completers.0.share_pct": {"completers": [{"worker_id": crew[0].pk, "share_pct": "150"}]},
        "completers.0": {"completers": [{"worker_id": crew[0].pk, "resident_id": "1"}]},
        "completers.0.resident_id": {"completers": [{"resident_id": resident_id(40)}]},
        "benefit.0.claimed_yuan": {"benefit": [{"year": 2022, "claimed_yuan": "-5"}]},
        "patents.0.grant_date": {
            "patents": [{"application_number": pnum(2021), "status": "granted"}]
        },
    }
    for field, over in cases.items():
        response = api.post(SUBMIT, _body(world, crew, **over))
        assert response.status_code == 422, (field, response.content)
        assert field in field_errors(response), (field, response.json())
    # Dates in the wrong order: the service's rule, under the field.
    response = api.post(SUBMIT, _body(world, crew, completed_on="2020-01-01"))
    assert "completed_on" in field_errors(response)
    assert not Achievement.objects.exists()


def test_api_achievement_patent_and_benefit_endpoints(world, crew):
    a = submit(world.admin_a, world.ent_a, [crew[0]])
    api = api_as(world.admin_a)
    response = api.post(f"{SUBMIT}/{a.pk}/patents", {"application_number": pnum(2022)})
    assert response.status_code == 201, response.content
    assert Patent.objects.filter(achievement=a).count() == 1
    again = api.post(f"{SUBMIT}/{a.pk}/patents", {"application_number": pnum(2022)})
    assert "application_number" in field_errors(again)
    response = api.post(f"{SUBMIT}/{a.pk}/benefit", {"year": 2023, "claimed_yuan": "500"})
    assert response.status_code == 201
    assert response.json()["benefit_totals"]["claimed"] == "500.00"
    assert AuditEvent.objects.filter(action="benefit.claim", object_id=str(a.pk)).exists()
    assert "year" in field_errors(
        api.post(f"{SUBMIT}/{a.pk}/benefit", {"year": 2099, "claimed_yuan": "1"})
    )


def test_api_achievement_writes_cross_org_answer_404(world, crew):
    a1, _a2, b1 = crew
    api_b = api_as(world.admin_b)
    # Create in A's org: 404, whoever the completers are.
    body = _body(world, crew, completers=[{"worker_id": b1.pk}], patents=[], benefit=[])
    assert api_b.post(SUBMIT, body).status_code == 404
    # A's worker as completer of B's achievement: 404 by id; unknown in scope by ID number.
    body = _body(world, crew, enterprise_id=world.ent_b.pk, patents=[], benefit=[])
    body["completers"] = [{"worker_id": a1.pk}]
    assert api_b.post(SUBMIT, body).status_code == 404
    body["completers"] = [{"resident_id": resident_id(1, birth=a1.birth_date)}]
    response = api_b.post(SUBMIT, body)
    assert response.status_code == 422 and "completers.0.resident_id" in field_errors(response)
    assert "栾军" not in response.content.decode()
    # A's studio on B's achievement: 404.
    studio = make_studio(world.ent_a, a1)
    body = _body(
        world, crew, enterprise_id=world.ent_b.pk, studio_id=studio.pk, patents=[], benefit=[]
    )
    body["completers"] = [{"worker_id": b1.pk}]
    assert api_b.post(SUBMIT, body).status_code == 404
    assert not Achievement.objects.exists()
    # A's achievement: no patent, no benefit from B.
    a = submit(world.admin_a, world.ent_a, [a1])
    assert api_b.post(f"{SUBMIT}/{a.pk}/patents", {"application_number": pnum()}).status_code == 404
    benefit = {"year": 2023, "claimed_yuan": "5"}
    assert api_b.post(f"{SUBMIT}/{a.pk}/benefit", benefit).status_code == 404
    assert not Patent.objects.exists() and not BenefitEntry.objects.exists()


def test_api_achievement_writes_refuse_a_read_token(world, crew):
    a = submit(world.admin_a, world.ent_a, [crew[0]])
    api = api_as(world.admin_a, scope=TokenScope.READ)
    for url, body in [
        (SUBMIT, _body(world, crew)),
        (f"{SUBMIT}/{a.pk}/patents", {"application_number": pnum()}),
        (f"{SUBMIT}/{a.pk}/benefit", {"year": 2023, "claimed_yuan": "5"}),
    ]:
        response = api.post(url, body)
        assert response.status_code == 403 and "write" in response.json()["detail"], url
    assert Achievement.objects.count() == 1 and not Patent.objects.exists()
    assert api.get(f"{SUBMIT}/{a.pk}").status_code == 200


def test_api_achievement_completers_and_status(world, crew):
    a1, a2, b1 = crew
    a = submit(world.admin_a, world.ent_a, [a1], draft=True)
    api = api_as(world.admin_a)
    url = f"{SUBMIT}/{a.pk}/completers"
    body = {"completers": [{"worker_id": a2.pk, "order": 1}, {"worker_id": a1.pk, "order": 2}]}
    response = api.send("put", url, body)
    assert response.status_code == 200, response.content
    assert [c["worker_id"] for c in response.json()["completers"]] == [a2.pk, a1.pk]
    assert AuditEvent.objects.filter(action="achievement.completers").exists()
    gap = {"completers": [{"worker_id": a2.pk, "order": 1}, {"worker_id": a1.pk, "order": 3}]}
    assert "completers" in field_errors(api.send("put", url, gap))
    assert api.send("put", url, {"completers": [{"worker_id": b1.pk}]}).status_code == 404

    status = f"{SUBMIT}/{a.pk}/status"
    response = api.post(status, {"status": "submitted"})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert AuditEvent.objects.filter(action="achievement.transition").exists()
    # Accepting is a federation reviewer's: refused to the enterprise, under the field.
    refused = api.post(status, {"status": "accepted"})
    assert refused.status_code == 404  # the review permission is missing: 404, as on the pages
    assert "status" in field_errors(api.post(status, {"status": "submitted"}))
    assert "status" in field_errors(api.post(status, {"status": "published"}))
    a.refresh_from_db()
    assert a.status == "submitted"
    # Another enterprise: 404 on both.
    api_b = api_as(world.admin_b)
    assert api_b.send("put", url, body).status_code == 404
    assert api_b.post(status, {"status": "draft"}).status_code == 404
    a.refresh_from_db()
    assert a.status == "submitted"


def test_api_achievement_update(world, crew):
    a1, _a2, _b1 = crew
    a = submit(world.admin_a, world.ent_a, [a1], started_on=date(2021, 1, 1))
    api = api_as(world.admin_a)
    url = f"{SUBMIT}/{a.pk}"
    response = api.patch(url, {"description": "喷补替代砌补", "completed_on": "2022-06-30"})
    assert response.status_code == 200, response.content
    a.refresh_from_db()
    assert (a.description, str(a.completed_on)) == ("喷补替代砌补", "2022-06-30")
    assert AuditEvent.objects.filter(action="achievement.update", object_id=str(a.pk)).exists()
    assert "completed_on" in field_errors(api.patch(url, {"completed_on": "2020-01-01"}))
    assert "title" in field_errors(api.patch(url, {"title": ""}))
    assert "kind" in field_errors(api.patch(url, {"kind": "magic"}))
    studio_b = make_studio(world.ent_b, crew[2])
    assert api.patch(url, {"studio_id": studio_b.pk}).status_code == 404
    assert api_as(world.admin_b).patch(url, {"title": "抢来的"}).status_code == 404
    a.refresh_from_db()
    assert a.title == "转炉炼钢终点控制技术" and a.studio_id is None


def test_api_patent_of_a_foreign_office(world, crew):
    a = submit(world.admin_a, world.ent_a, [crew[0]])
    api = api_as(world.admin_a, lang="en")
    response = api.post(
        f"{SUBMIT}/{a.pk}/patents",
        {"office": "pct", "application_number": "pct/cn2024/123456", "filed_on": "2024-03-01"},
    )
    assert response.status_code == 201, response.content
    p = Patent.objects.get(achievement=a)
    assert (p.office, p.application_number, p.patent_type) == ("pct", "PCT/CN2024/123456", "pct")
    bad = api.post(
        f"{SUBMIT}/{a.pk}/patents", {"office": "ep", "application_number": "EP21812345.6"}
    )
    assert "application_number" in field_errors(bad)
