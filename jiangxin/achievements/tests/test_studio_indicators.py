"""A studio's rules, assessment and page count its records in achievements: accepted
achievements with certified benefit, granted patents, certified vs claimed benefit,
through the indicator extension point (studios never imports achievements)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin.achievements.enums import AchievementKind, AchievementStatus, PatentStatus
from jiangxin.achievements.models import Achievement, BenefitEntry, Patent
from jiangxin.studios import services as studio_services
from jiangxin.studios.enums import ReviewDecision
from jiangxin.studios.indicators import indicator_values, studio_indicators
from jiangxin.studios.models import NamingRule, StudioQuarterlyReport
from jiangxin.testing.people import make_worker

from .helpers import pnum

pytestmark = pytest.mark.django_db


def _achievement(studio, title, status=AchievementStatus.ACCEPTED, claimed=0, certified=None):
    a = Achievement.objects.create(
        title=title,
        kind=AchievementKind.TECHNICAL_INNOVATION,
        enterprise=studio.host,
        studio=studio,
        status=status,
        completed_on=date(2023, 6, 1),
    )
    if claimed:
        BenefitEntry.objects.create(
            achievement=a,
            year=2024,
            claimed_yuan=Decimal(claimed),
            certified_yuan=Decimal(certified) if certified is not None else None,
        )
    return a


@pytest.fixture
def studio(world):
    leader = make_worker(world.ent_a, 81, name="栾军")
    return studio_services.studio_apply(
        actor=world.admin_a,
        host=world.ent_a,
        leader=leader,
        name="栾军创新工作室",
        field="转炉炼钢",
        level="provincial",
        established_on=date(2015, 3, 1),
    )


def test_rules_recount_real_achievements_at_the_next_review(world, studio):
    NamingRule.objects.create(
        code="achievements",
        description="取得2项以上有经济效益的职工创新成果",
        kind="min_achievements_with_benefit",
        params={"count": 2},
    )
    studio.refresh_from_db()
    assert studio.rule_results == []  # the rule came after the application
    _achievement(studio, "转炉终点控制", claimed=500000, certified=450000)
    _achievement(studio, "钢包加揭盖工具", claimed=200000, certified=180000)
    _achievement(studio, "只申报未核定", claimed=900000)  # claimed only: not counted
    _achievement(studio, "未验收", status=AchievementStatus.SUBMITTED, claimed=1, certified=1)
    review = studio_services.studio_review(
        actor=world.admin_a, studio=studio, decision=ReviewDecision.APPROVE
    )
    (result,) = review.rule_results
    assert result["passed"] and result["params"]["n"] == 2
    values = studio_indicators([studio], None)[studio.pk]
    assert values["achievements"] == 2
    assert values["benefit"] == 450000 + 180000 + 1  # certified, any status
    assert values["claimed_benefit"] == 500000 + 200000 + 900000 + 1


def test_patents_and_trainings_come_from_their_records(world, studio):
    a = _achievement(studio, "转炉终点控制", claimed=500000, certified=450000)
    Patent.objects.create(
        achievement=a,
        patent_type="invention",
        application_number=pnum(2021, "invention", 111111),
        title="一种转炉终点控制方法",
        status=PatentStatus.GRANTED,
        grant_date=date(2023, 3, 1),
    )
    Patent.objects.create(
        achievement=a,
        patent_type="utility_model",
        application_number=pnum(2022, "utility_model", 222222),
        title="一种取样枪支架",
        status=PatentStatus.APPLIED,
    )
    for q, n in ((1, 2), (2, 3)):
        StudioQuarterlyReport.objects.create(
            studio=studio, year=2025, quarter=q, activities="培训", trainings=n
        )
    assert indicator_values("patents", [studio], None) == {studio.pk: 1}
    assert indicator_values("trainings", [studio], 2025) == {studio.pk: 5}
    assert indicator_values("trainings", [studio], 2024) == {studio.pk: 0}


def test_studio_page_lists_achievements_patents_and_benefit(world, studio):
    a = _achievement(studio, "转炉终点控制", claimed=500000, certified=450000)
    _achievement(studio, "只申报未核定", claimed=900000)
    body = world.client(world.admin_a).get(studio.get_absolute_url()).content.decode()
    assert reverse("achievements:detail", args=[a.pk]) in body and "只申报未核定" in body
    assert 'id="jx-studio-totals"' in body
    assert "450,000.00" in body or "450000.00" in body  # certified
    assert "1,400,000.00" in body or "1400000.00" in body  # claimed


def test_demo_studio_rules_and_assessment_count_the_demo_achievements():
    """The demo bug: the rules and the 2025 assessment were computed when the studios were
    seeded, before the achievements, and read 0."""
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.achievements.demo import seed_demo_achievements
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.studios.demo import seed_demo_studios, studio_demo_refresh
    from jiangxin.studios.models import Studio

    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    workers = seed_demo_people(orgs)
    seed_demo_studios(orgs, workers)
    seed_demo_achievements(orgs, workers)
    studio_demo_refresh()
    luan = Studio.objects.get(name="栾军创新工作室")
    rules = {r["code"]: r for r in luan.rule_results}
    assert rules["shaanxi-2020-achievements"]["params"]["n"] >= 3
    assert all(r["passed"] for r in luan.rule_results)
    figures = luan.assessments.get(year=2025).indicators
    assert figures["trainings"] > 0 and figures["patents"] >= 0
    assert "apprentices_promoted" not in figures  # nobody measures it yet: no fake 0
    wang = Studio.objects.get(name="王树国创新工作室")  # its 公示 is over: nameable
    assert all(r["passed"] for r in wang.rule_results)
    assert wang.announce_until < timezone.localdate()
