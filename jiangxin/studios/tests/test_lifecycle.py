"""A studio's whole life through the services, and the bad input each step refuses."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from jiangxin.core.calendar import workday_span_end
from jiangxin.core.models import AuditEvent, IssuedDocument
from jiangxin.people.models import SkillPromotion
from jiangxin.people.passport import passport_timeline
from jiangxin.studios import services
from jiangxin.studios.enums import ReviewDecision, StageLevel, StudioStatus
from jiangxin.studios.models import Studio, StudioMember, StudioReview
from jiangxin.studios.workflow import review_path
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def _actions(studio):
    return list(
        AuditEvent.objects.filter(object_type="studios.studio", object_id=str(studio.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_studio_lifecycle_from_application_to_revocation(cast):
    w = cast.world
    studio = cast.apply(description="钢水冶炼创新", space_m2=120, funding_yuan=500000)
    assert studio.status == StudioStatus.SUBMITTED
    assert (studio.stage_level, studio.stage_org) == (StageLevel.ENTERPRISE, w.ent_a)
    assert list(studio.members.values_list("worker__name", "role")) == [("栾军", "leader")]
    assert studio.rules_checked_at is not None

    # Up the tree: enterprise union -> city federation -> provincial federation.
    cast.approve(studio, w.admin_a)
    assert (studio.status, studio.stage_org) == (StudioStatus.UNDER_REVIEW, w.city)
    cast.approve(studio, w.city_staff)
    assert (studio.stage_level, studio.stage_org) == (StageLevel.PROVINCE, w.province)
    cast.approve(studio, w.province_admin)
    today = timezone.localdate()
    assert studio.status == StudioStatus.ANNOUNCED and studio.stage_org is None
    assert studio.announced_on == today
    assert studio.announce_until == workday_span_end(today, 5)
    assert list(studio.reviews.values_list("stage_level", "decision")) == [
        ("enterprise", "approve"),
        ("city", "approve"),
        ("province", "approve"),
    ]

    # Naming after the announcement, with a certificate carrying the facts.
    cast.end_announcement(studio)
    studio = services.studio_name(
        actor=w.province_admin,
        studio=studio,
        document_number="鲁工发〔2026〕12号",
        unveiled_on=date(2026, 5, 1),
        level="provincial",
    )
    assert studio.status == StudioStatus.NAMED and studio.named_level == "provincial"
    cert = IssuedDocument.objects.get(pk=studio.certificate_id)
    assert cert.org == w.province and cert.holder_name == studio.name
    values = [v for _label, v in cert.fact_pairs()]
    assert values[:3] == [studio.name, "栾军", w.ent_a.name]
    assert "鲁工发〔2026〕12号" in values and "2026-05-01" in values

    # Members, a quarterly report, an assessment with computed indicators.
    member = services.studio_member_add(
        actor=w.admin_a, studio=studio, worker=cast.member_a, role="core", joined_on=today
    )
    SkillPromotion.objects.create(
        worker=cast.member_a, level=5, date=date(today.year, 1, 10), evidence_kind="certificate"
    )
    services.studio_report_quarter(
        actor=w.admin_a,
        studio=studio,
        year=today.year,
        quarter=1,
        activities="技术攻关",
        trainings=3,
    )
    assessment = services.studio_assess(
        actor=w.province_admin, studio=studio, year=today.year, rating="excellent"
    )
    assert assessment.indicators["members_promoted"] == 1
    assert assessment.indicators["achievements"] == 0  # until the achievements module exists
    services.studio_member_remove(actor=w.admin_a, member=member)
    assert not StudioMember.objects.filter(pk=member.pk).exists()

    # The passport shows the leadership.
    entries = passport_timeline(cast.leader_a)
    assert any(e.kind == "studio" and studio.name in e.title for e in entries)

    # Revocation revokes the certificate too.
    services.studio_revoke(actor=w.province_admin, studio=studio, reason="连续两年考核不合格")
    studio.refresh_from_db()
    cert.refresh_from_db()
    assert studio.status == StudioStatus.REVOKED and cert.is_revoked
    assert _actions(studio) == [
        "studio.apply",
        "studio.review.approve",
        "studio.review.approve",
        "studio.review.approve",
        "studio.name",
        "studio.member_add",
        "studio.report_quarter",
        "studio.assess",
        "studio.member_remove",
        "studio.revoke",
    ]


def test_studio_return_and_resubmit_goes_up_again(cast):
    w = cast.world
    studio = cast.approve(cast.apply(), w.admin_a)
    with pytest.raises(ValidationError) as exc:
        services.studio_review(
            actor=w.city_staff, studio=studio, decision=ReviewDecision.RETURN, comment=""
        )
    assert "comment" in exc.value.error_dict
    services.studio_review(
        actor=w.city_staff, studio=studio, decision=ReviewDecision.RETURN, comment="补充材料"
    )
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RETURNED and studio.stage_org is None
    studio = services.studio_resubmit(actor=w.admin_a, studio=studio, field="智能炼钢")
    assert studio.status == StudioStatus.SUBMITTED and studio.stage_org == w.ent_a
    assert studio.field == "智能炼钢"
    with pytest.raises(ValidationError):
        services.studio_resubmit(actor=w.admin_a, studio=studio)  # not returned now


def test_review_path_skips_a_missing_city(world):
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.testing.factories import OrgFactory

    union = OrgFactory.under(world.province, name="冶金工会", kind=OrgKind.INDUSTRY, uscc=None)
    steel = OrgFactory.under(union, name="直属钢铁公司")
    assert [(s.level, s.org) for s in review_path(steel)] == [
        ("enterprise", steel),
        ("province", world.province),
    ]
    assert [s.level for s in review_path(world.ent_c)] == ["enterprise", "city", "province"]


def test_studio_apply_refuses_a_leader_from_another_enterprise(cast):
    with pytest.raises(ValidationError) as exc:
        cast.apply(cast.worker_b)
    assert "leader" in exc.value.error_dict
    assert not Studio.objects.exists()


def test_studio_apply_for_a_foreign_host_is_404(cast):
    w = cast.world
    with pytest.raises(Http404):
        services.studio_apply(
            actor=w.admin_a,
            host=w.ent_b,
            leader=cast.worker_b,
            name="越权工作室",
            field="x",
            level="city",
            established_on=date(2020, 1, 1),
        )
    with pytest.raises(Http404):  # a role without the apply permission
        services.studio_apply(
            actor=w.city_staff,
            host=w.ent_a,
            leader=cast.leader_a,
            name="x",
            field="x",
            level="city",
            established_on=date(2020, 1, 1),
        )


def test_studio_apply_refuses_a_second_studio_for_one_leader(cast):
    cast.apply()
    with pytest.raises(ValidationError) as exc:
        cast.apply(name="另一个工作室")
    assert "leader" in exc.value.error_dict


def test_studio_apply_refuses_a_future_date_and_a_non_enterprise_host(cast):
    with pytest.raises(ValidationError) as exc:
        cast.apply(established_on=timezone.localdate() + timedelta(days=3))
    assert "established_on" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        cast.apply(cast.member_a, host=cast.world.branch_a1)
    assert "host" in exc.value.error_dict


def test_studio_member_from_outside_is_refused(cast):
    w = cast.world
    studio = cast.apply()
    with pytest.raises(ValidationError) as exc:
        services.studio_member_add(
            actor=w.admin_a,
            studio=studio,
            worker=cast.worker_b,
            role="member",
            joined_on=date.today(),
        )
    assert "worker" in exc.value.error_dict
    services.studio_member_add(
        actor=w.admin_a, studio=studio, worker=cast.member_a, role="member", joined_on=date.today()
    )
    with pytest.raises(ValidationError):  # twice
        services.studio_member_add(
            actor=w.admin_a,
            studio=studio,
            worker=cast.member_a,
            role="core",
            joined_on=date.today(),
        )
    with pytest.raises(ValidationError):  # the leader stays
        services.studio_member_remove(
            actor=w.admin_a, member=studio.members.get(worker=cast.leader_a)
        )
    with pytest.raises(Http404):  # a sibling's admin
        services.studio_member_add(
            actor=w.admin_b,
            studio=studio,
            worker=cast.worker_b,
            role="member",
            joined_on=date.today(),
        )


def test_studio_review_out_of_turn_is_refused(cast):
    w = cast.world
    studio = cast.apply()
    # Wrong level: the city acts while the enterprise union has it.
    with pytest.raises(ValidationError):
        cast.approve(studio, w.city_staff)
    # Wrong org: the province covers it, but it is not the province's turn either.
    with pytest.raises(ValidationError):
        cast.approve(studio, w.province_admin)
    # A sibling enterprise does not even see it.
    with pytest.raises(Http404):
        cast.approve(studio, w.admin_b)
    # A role without the review permission.
    with pytest.raises(Http404):
        cast.approve(studio, w.worker_a)
    cast.approve(studio, w.admin_a)
    # Twice: the enterprise union has decided; it is the city's turn now.
    with pytest.raises(ValidationError):
        cast.approve(studio, w.admin_a)
    assert StudioReview.objects.filter(studio=studio).count() == 1


def test_studio_review_by_a_city_that_is_not_on_the_path_is_404(cast):
    w = cast.world
    other = w.other_city_staff
    studio = cast.approve(cast.apply(), w.admin_a)
    with pytest.raises(Http404):
        cast.approve(studio, other)


def test_studio_naming_before_the_announcement_ends_is_refused(cast):
    w = cast.world
    studio = cast.announce(cast.apply())
    with pytest.raises(ValidationError) as exc:
        services.studio_name(
            actor=w.province_admin,
            studio=studio,
            document_number="鲁工发〔2026〕1号",
            unveiled_on=date(2026, 5, 1),
            level="provincial",
        )
    assert studio.announce_until.isoformat() in " ".join(exc.value.messages)
    studio.refresh_from_db()
    assert studio.status == StudioStatus.ANNOUNCED and studio.certificate_id is None


def test_studio_naming_by_the_city_or_without_document_number_is_refused(cast):
    w = cast.world
    studio = cast.end_announcement(cast.announce(cast.apply()))
    with pytest.raises(ValidationError):  # the city is not the naming federation
        services.studio_name(
            actor=w.city_staff,
            studio=studio,
            document_number="x",
            unveiled_on=date(2026, 5, 1),
            level="city",
        )
    with pytest.raises(ValidationError) as exc:
        services.studio_name(
            actor=w.province_admin,
            studio=studio,
            document_number=" ",
            unveiled_on=date(2026, 5, 1),
            level="city",
        )
    assert "document_number" in exc.value.error_dict


def test_studio_assess_refuses_revoked_and_unnamed_studios(cast):
    w = cast.world
    pending = cast.apply()
    with pytest.raises(ValidationError):
        services.studio_assess(
            actor=w.province_admin, studio=pending, year=2026, rating="qualified"
        )
    other = make_worker(w.ent_a, 5, name="赵六")
    studio = cast.named(other)
    services.studio_revoke(actor=w.province_admin, studio=studio, reason="不活跃")
    with pytest.raises(ValidationError) as exc:
        services.studio_assess(actor=w.province_admin, studio=studio, year=2026, rating="qualified")
    assert "revoked" in " ".join(exc.value.messages)


def test_studio_assess_once_a_year(cast):
    w = cast.world
    studio = cast.named()
    services.studio_assess(actor=w.province_admin, studio=studio, year=2025, rating="qualified")
    with pytest.raises(ValidationError) as exc:
        services.studio_assess(actor=w.province_admin, studio=studio, year=2025, rating="excellent")
    assert "year" in exc.value.error_dict
    with pytest.raises(ValidationError):  # the enterprise union does not assess
        services.studio_assess(actor=w.admin_a, studio=studio, year=2024, rating="excellent")


def test_studio_revoke_twice_is_refused(cast):
    w = cast.world
    studio = cast.named()
    with pytest.raises(ValidationError) as exc:
        services.studio_revoke(actor=w.province_admin, studio=studio, reason="")
    assert "reason" in exc.value.error_dict
    services.studio_revoke(actor=w.province_admin, studio=studio, reason="不合格")
    with pytest.raises(ValidationError) as exc:
        services.studio_revoke(actor=w.province_admin, studio=studio, reason="再次")
    assert "already" in " ".join(exc.value.messages)
    assert _actions(studio).count("studio.revoke") == 1


def test_studio_quarterly_report_rules(cast):
    w = cast.world
    pending = cast.apply()
    with pytest.raises(ValidationError):  # not named yet
        services.studio_report_quarter(
            actor=w.admin_a, studio=pending, year=2026, quarter=1, activities="x"
        )
    other = make_worker(w.ent_a, 6, name="孙七")
    studio = cast.named(other)
    services.studio_report_quarter(
        actor=w.admin_a, studio=studio, year=2026, quarter=1, activities="x"
    )
    with pytest.raises(ValidationError) as exc:
        services.studio_report_quarter(
            actor=w.admin_a, studio=studio, year=2026, quarter=1, activities="again"
        )
    assert "quarter" in exc.value.error_dict
    with pytest.raises(ValidationError):  # a quarter that has not begun
        services.studio_report_quarter(
            actor=w.admin_a,
            studio=studio,
            year=timezone.localdate().year + 1,
            quarter=1,
            activities="x",
        )
    with pytest.raises(Http404):
        services.studio_report_quarter(
            actor=w.admin_b, studio=studio, year=2026, quarter=2, activities="x"
        )


def test_a_revoked_studio_name_can_be_used_again(cast):
    w = cast.world
    studio = cast.named()
    services.studio_revoke(actor=w.province_admin, studio=studio, reason="重建")
    again = cast.apply()
    assert again.name == studio.name and again.pk != studio.pk
