"""Decisions that respect the rules: each review and the naming check the rules again
against today's records; deciding despite an unmet rule needs a reason (audited). A stage
with no reviewer account can be decided by the federation above. The certificate is
readable by everyone it concerns."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin.core.models import AuditEvent
from jiangxin.studios import services
from jiangxin.studios.enums import ReviewDecision, StudioStatus
from jiangxin.studios.models import NamingRule, Studio, StudioMember
from jiangxin.testing.crossorg import assert_404_for
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def _members_rule(count=2):
    return NamingRule.objects.create(
        code="members", description="成员不少于2人", kind="min_members", params={"count": count}
    )


def test_review_rechecks_rules_and_needs_a_reason_to_approve_despite_a_failure(cast):
    _members_rule()
    w = cast.world
    studio = cast.apply()
    assert not studio.rule_results[0]["passed"]  # one member (the leader) at application
    with pytest.raises(ValidationError) as exc:
        services.studio_review(actor=w.admin_a, studio=studio, decision=ReviewDecision.APPROVE)
    assert "成员不少于2人" in exc.value.message_dict["override_reason"][0]
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.SUBMITTED
    # returning needs no override
    review = services.studio_review(
        actor=w.admin_a, studio=studio, decision=ReviewDecision.APPROVE, override_reason="特批"
    )
    assert review.override_reason == "特批" and not review.rule_results[0]["passed"]
    event = AuditEvent.objects.filter(action="studio.review.approve").latest("id")
    assert event.details["override"] == "特批" and event.details["unmet"] == ["members"]
    # a member joins: the city's review sees it (checked again, no reason needed)
    StudioMember.objects.create(
        studio=studio, worker=cast.member_a, role="core", joined_on=date(2020, 1, 1)
    )
    review = services.studio_review(
        actor=w.city_staff, studio=studio, decision=ReviewDecision.APPROVE
    )
    assert review.override_reason == "" and review.rule_results[0]["passed"]
    assert Studio.objects.get(pk=studio.pk).rule_results[0]["passed"]


def test_naming_rechecks_rules_and_needs_a_reason(cast):
    w = cast.world
    studio = cast.end_announcement(cast.announce(cast.apply()))
    _members_rule(count=5)  # a rule that came in force after the reviews
    args = {
        "actor": w.province_admin,
        "studio": studio,
        "document_number": "鲁工发〔2026〕12号",
        "unveiled_on": date(2026, 5, 1),
        "level": "provincial",
    }
    with pytest.raises(ValidationError) as exc:
        services.studio_name(**args)
    assert "override_reason" in exc.value.message_dict
    named = services.studio_name(**args, override_reason="成员扩充计划已报备")
    assert named.status == StudioStatus.NAMED
    assert named.naming_override_reason == "成员扩充计划已报备"
    assert AuditEvent.objects.filter(action="studio.name").latest("id").details["unmet"] == [
        "members"
    ]


def test_review_and_naming_pages_show_the_failures_and_the_override_field(cast):
    _members_rule()
    w = cast.world
    studio = cast.apply()
    client = w.client(w.admin_a)
    url = reverse("studios:review", args=[studio.pk])
    page = client.get(url).content.decode()
    assert 'id="jx-rules-failed"' in page and "成员不少于2人" in page
    assert 'name="override_reason"' in page
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200 and response.context["form"].errors["override_reason"]
    response = client.post(url, {"decision": "approve", "override_reason": "特批"})
    assert response.status_code == 302


def test_a_city_level_studio_is_named_by_the_city(cast):
    w = cast.world
    studio = cast.apply(level="city")
    cast.approve(studio, w.admin_a, w.city_staff)
    assert studio.status == StudioStatus.ANNOUNCED  # no provincial stage for a city studio
    cast.end_announcement(studio)
    named = services.studio_name(
        actor=w.city_staff,
        studio=studio,
        document_number="甲工发〔2026〕3号",
        unveiled_on=timezone.localdate(),
        level="city",
    )
    assert named.certificate.org == w.city


# --- a stage nobody can act on ----------------------------------------------------------


def _at_ent_c(cast):
    w = cast.world
    return services.studio_apply(
        actor=w.province_admin,
        host=w.ent_c,
        leader=cast.leader_c,
        name="丙港创新工作室",
        field="装卸工艺",
        level="provincial",
        established_on=date(2019, 1, 1),
    )


def test_a_studio_stuck_at_an_enterprise_without_admin_is_decided_above(cast):
    w = cast.world
    studio = _at_ent_c(cast)  # 丙港口 has no enterprise-admin account
    detail = w.client(w.province_admin).get(studio.get_absolute_url())
    assert {"review", "stand_in"} <= detail.context["actions"]
    todo = w.client(w.province_admin).get(reverse("studios:list"), {"todo": "1"})
    assert "丙港创新工作室" in todo.content.decode()  # on the province's to-do list
    mine = w.client(w.city_staff).get(reverse("studios:list"), {"todo": "1"})
    assert "丙港创新工作室" not in mine.content.decode()  # not in the city's subtree
    assert 'id="jx-stand-in"' in detail.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.studio_review(
            actor=w.province_admin, studio=studio, decision=ReviewDecision.APPROVE
        )
    assert "comment" in exc.value.message_dict
    review = services.studio_review(
        actor=w.province_admin,
        studio=studio,
        decision=ReviewDecision.APPROVE,
        comment="该企业尚未开通账号，由省总代为审核。",
    )
    assert review.stage_org == w.ent_c and review.acting_org == w.province
    assert Studio.objects.get(pk=studio.pk).stage_org == w.other_city
    event = AuditEvent.objects.filter(action="studio.review.approve").latest("id")
    assert event.details["in_place_of"] == w.ent_c.pk and "代为审核" in event.details["note"]


def test_a_stage_with_its_own_admin_is_not_decided_above(cast):
    w = cast.world
    studio = cast.apply()  # enterprise A has admin_a
    assert "review" not in w.client(w.city_staff).get(studio.get_absolute_url()).context["actions"]
    with pytest.raises(ValidationError):
        services.studio_review(
            actor=w.city_staff, studio=studio, decision=ReviewDecision.APPROVE, comment="代审"
        )
    # nor by a sibling federation, which does not cover the enterprise
    stuck = _at_ent_c(cast)
    with pytest.raises(Exception) as exc:
        services.studio_review(
            actor=w.city_staff, studio=stuck, decision=ReviewDecision.APPROVE, comment="代审"
        )
    assert exc.type.__name__ == "Http404"


# --- the certificate --------------------------------------------------------------------


def test_certificate_is_downloadable_by_the_host_the_leader_and_the_namers(cast):
    w = cast.world
    studio = cast.named()
    leader_user = w.worker_a
    type(cast.leader_a).objects.filter(pk=cast.leader_a.pk).update(user=leader_user)
    url = reverse("studios:certificate", args=[studio.pk])
    for user in (w.admin_a, w.city_staff, w.province_admin, leader_user):
        response = w.client(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert (
        'id="jx-certificate"' in w.client(w.admin_a).get(studio.get_absolute_url()).content.decode()
    )


def test_certificate_answers_404_to_a_sibling_enterprise_and_other_workers(cast):
    w = cast.world
    studio = cast.named()
    url = reverse("studios:certificate", args=[studio.pk])
    assert_404_for(w.client(w.admin_b), url)
    assert_404_for(w.client(w.worker_a), url)  # a worker of the host, not its leader
    unnamed = cast.apply(make_worker(w.ent_a, 61, name="郑六"))
    assert_404_for(w.client(w.admin_a), reverse("studios:certificate", args=[unnamed.pk]))


def test_announcement_without_a_board_still_runs_its_working_days(cast, monkeypatch):
    from jiangxin.studios import announcement

    monkeypatch.setattr(announcement, "_board", None)
    studio = cast.announce(cast.apply())
    assert studio.status == StudioStatus.ANNOUNCED
    assert studio.announce_until >= studio.announced_on + timedelta(days=4)
    assert announcement.studio_announcement_links(studio) == {}
