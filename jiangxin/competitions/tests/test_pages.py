"""The pages as a user meets them: create a competition with the organiser picked, add
tracks and stages, register, approve through the levels (htmx), export, self-service."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from jiangxin.competitions.models import Competition, Registration, Stage, Track
from jiangxin.core.models import AuditEvent
from jiangxin.testing.exports import export_get

from .helpers import competition, register, track_of, worker

pytestmark = pytest.mark.django_db


def test_competition_create_page_with_the_organiser_picked(world):
    client = world.client(world.province_admin)
    assert client.get(reverse("competitions:create")).status_code == 200
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    data = {
        "org": world.province.pk,
        "title": "2026年测试省职工职业技能大赛",
        "level": "provincial_1",
        "year": 2026,
        "registration_deadline": deadline,
    }
    response = client.post(reverse("competitions:create"), data)
    c = Competition.objects.get()
    assert response.status_code == 302 and response.url == c.get_absolute_url()
    # a foreign organiser is a form error, not a 500 and not a competition
    response = world.client(world.city_staff).post(
        reverse("competitions:create"), {**data, "org": world.other_city.pk}
    )
    assert response.status_code == 200 and Competition.objects.count() == 1
    # add a track and a stage, then open registration
    response = client.post(
        reverse("competitions:track_create", args=[c.pk]),
        {"code": "SD-JQR", "name": "工业机器人运维", "mode": "individual", "team_size": 1,
         "theory_weight": 30, "practical_weight": 70},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    bad = client.post(
        reverse("competitions:track_create", args=[c.pk]),
        {"code": "SD-BAD", "name": "坏", "mode": "individual", "team_size": 1,
         "theory_weight": 50, "practical_weight": 60},
    )  # fmt: skip
    assert bad.status_code == 200 and "100" in bad.text and Track.objects.count() == 1
    response = client.post(
        reverse("competitions:stage_create", args=[c.pk]),
        {"kind": "enterprise", "order": 1, "starts_on": "2027-03-01", "ends_on": "2027-03-05",
         "advance_rule": "top_n", "advance_value": 3},
    )  # fmt: skip
    assert response.status_code == 302 and Stage.objects.count() == 1
    client.post(reverse("competitions:step", args=[c.pk]), {"step": "open_registration"})
    c.refresh_from_db()
    assert c.status == "open"
    page = client.get(c.get_absolute_url())
    assert "SD-JQR" in page.text and "工业机器人运维" in page.text


def test_competition_list_filters(world):
    competition(world, title="甲竞赛")
    competition(world, title="乙竞赛", level="city")
    client = world.client(world.admin_a)
    page = client.get(reverse("competitions:list"), {"level": "city"})
    assert "乙竞赛" in page.text and "甲竞赛" not in page.text
    assert client.get(reverse("competitions:list"), {"year": "x"}).status_code == 200


def test_registration_approval_through_the_levels_with_htmx(world):
    c = competition(world)
    reg = register(world, track_of(c), worker(world.ent_a, name="王五"))
    url = reverse("competitions:registration_approve", args=[reg.pk])
    for user, status in (
        (world.admin_a, "enterprise_approved"),
        (world.city_staff, "organiser_approved"),
        (world.province_admin, "committee_approved"),
    ):
        client = world.client(user)
        detail = client.get(reg.get_absolute_url())
        assert 'id="jx-approve"' in detail.text
        response = client.post(
            url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="jx-registration-actions"
        )
        assert response.status_code == 200
        reg.refresh_from_db()
        assert reg.status == status
    # nothing left to approve: the button is gone, a POST is refused in words
    detail = world.client(world.province_admin).get(reg.get_absolute_url())
    assert 'id="jx-approve"' not in detail.text


def test_registration_reject_page_requires_a_reason(world):
    c = competition(world)
    reg = register(world, track_of(c), worker(world.ent_a))
    client = world.client(world.admin_a)
    url = reverse("competitions:registration_reject", args=[reg.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "证书过期"}).status_code == 302
    reg.refresh_from_db()
    assert (reg.status, reg.reason) == ("rejected", "证书过期")


def test_registration_list_todo_and_export(world):
    c = competition(world)
    waiting = register(world, track_of(c), worker(world.ent_a, name="待审甲"))
    done = register(world, track_of(c), worker(world.ent_a, name="已审乙"))
    from jiangxin.competitions import services

    services.registration_approve(actor=world.admin_a, registration=done)
    client = world.client(world.admin_a)
    todo = client.get(reverse("competitions:registrations"), {"todo": "1"})
    assert waiting.worker.name in todo.text and done.worker.name not in todo.text
    home = client.get(reverse("core:home"))
    assert "待您审核的竞赛报名" in home.text or "Competition registrations" in home.text
    data = export_get(client, reverse("competitions:registration_export")).content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert len(rows) == 3 and {r[3] for r in rows[1:]} == {"待审甲", "已审乙"}
    assert not any("370102" in str(r[4]) and "*" not in str(r[4]) for r in rows[1:])
    assert AuditEvent.objects.filter(action="export").exists()


def test_self_service_registration(world):
    c = competition(world)
    me = worker(world.ent_a, user=world.worker_a)
    client = world.client(world.worker_a)
    page = client.get(reverse("competitions:mine"))
    assert track_of(c).name in page.text
    response = client.post(reverse("competitions:self_register", args=[track_of(c).pk]))
    assert response.status_code == 302
    reg = Registration.objects.get(worker=me)
    assert reg.source == "self"
    # twice: refused in words, nothing saved
    client.post(reverse("competitions:self_register", args=[track_of(c).pk]))
    assert Registration.objects.filter(worker=me).count() == 1
    # the worker sees their own registration, not the enterprise's others
    other = register(world, track_of(c), worker(world.ent_a))
    assert client.get(reg.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    withdraw = reverse("competitions:registration_withdraw", args=[reg.pk])
    assert client.post(withdraw, {"reason": ""}).status_code == 302
    reg.refresh_from_db()
    assert reg.status == "withdrawn"


def test_quota_page_shares_by_formula(world):
    c = competition(world)
    from jiangxin.competitions import services

    stage = services.stage_save(
        actor=world.province_admin, competition=c, kind="city",
        starts_on=timezone.localdate(), ends_on=timezone.localdate(),
    )  # fmt: skip
    client = world.client(world.province_admin)
    url = reverse("competitions:quota", args=[c.pk, stage.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"method": "enterprises", "total": 3, "minimum": 0})
    assert response.status_code == 302
    assert stage.quotas.count() == 2
