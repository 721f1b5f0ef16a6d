"""Demo selections, after the 2022 Qingdao "one craftsman, five innovations" campaign in
the seeds: a craftsman-title selection (青岛大工匠 / 青岛工匠) that has been announced and
published (honours recorded, certificates issued), and an innovation-achievement
selection (first, second and third prizes) whose public announcement is open now.

Everything goes through the services, as Qingdao's federation staff and three demo
experts would do it; only the dates of the published campaign's announcement are set
back to 2022. Running it again adds nothing.

Province scale: `jiangxin.selection.demo.seed_province_selection` (see its docstring)
adds a large campaign over the province preset's achievements for measuring."""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core.calendar import workday_span_end
from jiangxin.core.roles import Role

from . import services
from .enums import Stage, SubjectKind
from .models import Announcement, Campaign, Entry, Scorecard

CRAFTSMAN_TITLE = "2022年青岛市“一匠五创”工匠评选"
ACHIEVEMENT_TITLE = "2022年青岛市“一匠五创”职工创新成果评选"
EXPERTS = [("expert_qd_zhou", "周明远"), ("expert_qd_wu", "吴静宜"), ("expert_qd_zheng", "郑涛")]
EXTRA_ACHIEVEMENTS = [
    "门机远程操控节能改造",
    "动车组车体焊缝打磨工装",
    "冰箱产线视觉防错检测",
    "集装箱锁销自动拆装装置",
]
CRITERIA = [
    services.CriterionIn("创新性", 30, 100),
    services.CriterionIn("实用性", 30, 100),
    services.CriterionIn("经济和社会效益", 25, 100),
    services.CriterionIn("推广价值", 15, 100),
]


def _experts(qingdao, home) -> list[User]:
    from jiangxin.accounts.demo import DEMO_PASSWORD
    from jiangxin.accounts.services import user_create_system

    out = []
    for username, display in EXPERTS:
        user = User.objects.filter(username=username).first() or user_create_system(
            username=username, password=DEMO_PASSWORD, home_org=home, display_name=display
        )
        RoleAssignment.objects.get_or_create(user=user, org=qingdao, role=Role.EXPERT)
        out.append(user)
    return out


def _through_review(staff, campaign: Campaign, subject_ids: list[int], experts, rng) -> None:
    for sid in subject_ids:
        try:
            services.entry_nominate(actor=staff, campaign=campaign, subject_id=sid)
        except ValidationError:
            continue  # e.g. already holds the title: the rules exclude it
    services.campaign_open_formal_check(actor=staff, campaign=campaign)
    for entry in Entry.objects.filter(campaign=campaign):
        services.entry_formal_check(actor=staff, entry=entry, passed=True)
    services.campaign_open_review(actor=staff, campaign=campaign)
    services.panel_create(
        actor=staff,
        campaign=campaign,
        name="综合评审组",
        field="",
        expert_ids=[u.pk for u in experts],
    )
    services.experts_assign(actor=staff, campaign=campaign)
    codes = [c.code for c in campaign.criteria.all()]
    strength = {e.pk: rng.randint(60, 95) for e in Entry.objects.filter(campaign=campaign)}
    for card in Scorecard.objects.filter(campaign=campaign).select_related("expert"):
        scores = {c: min(100, max(0, strength[card.entry_id] + rng.randint(-6, 6))) for c in codes}
        card = services.scorecard_save(
            actor=card.expert, scorecard=card, version=card.version, scores=scores
        )
        services.scorecard_submit(actor=card.expert, scorecard=card, version=card.version)
    services.campaign_close_review(actor=staff, campaign=campaign)


def _announce(staff, campaign: Campaign) -> Announcement:
    """Open the announcement today; when today's official calendar is not known yet, open
    it for 7 calendar days (the period the services would refuse to count)."""
    try:
        return services.announcement_open(
            actor=staff, campaign=campaign, contact="青岛市总工会 0532-00000000"
        )
    except ValidationError:
        today = timezone.localdate()
        Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.ANNOUNCEMENT)
        return Announcement.objects.create(
            campaign=campaign,
            title=f"关于{campaign.title}拟表彰名单的公示",
            starts_on=today,
            workdays=5,
            ends_on=today + datetime.timedelta(days=7),
            opened_by=staff,
        )


def _qingdao_achievements(qingdao, workers) -> list[int]:
    from django.apps import apps

    if not apps.is_installed("jiangxin.achievements"):
        return []
    from jiangxin.achievements.models import Achievement, Completer

    ids = list(
        Achievement.objects.filter(
            enterprise__path__startswith=qingdao.path, classified=False, ip_dispute=False
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:8]
    )
    if len(ids) >= 4:
        return ids
    local = [w for w in workers if w.employer.path.startswith(qingdao.path)]
    for title, worker in zip(EXTRA_ACHIEVEMENTS, local, strict=False):
        a, created = Achievement.objects.get_or_create(
            enterprise=worker.employer,
            title=title,
            defaults={"kind": "technical_innovation", "status": "accepted"},
        )
        if created:
            Completer.objects.create(achievement=a, worker=worker, order=1)
        ids.append(a.pk)
    return ids


@transaction.atomic
def seed_demo_selection(orgs: dict, workers: dict) -> dict[str, Campaign]:
    from jiangxin.people.models import HonourType, Worker

    qingdao = orgs.get("青岛市总工会")
    staff = User.objects.filter(username="qingdao_staff").first()
    if qingdao is None or staff is None:
        return {}
    done = {
        c.title: c for c in Campaign.objects.filter(title__in=[CRAFTSMAN_TITLE, ACHIEVEMENT_TITLE])
    }
    if done:
        return done
    rng = random.Random(2022)
    experts = _experts(qingdao, orgs.get("province", qingdao))
    local_workers = list(
        Worker.objects.filter(employer__path__startswith=qingdao.path)
        .select_related("employer")
        .order_by("pk")
    )
    great = HonourType.objects.get(code="qingdao-great-craftsman")
    plain = HonourType.objects.get(code="qingdao-craftsman")

    # 1. The craftsman titles: announced in November 2022, published.
    titles = services.campaign_create(
        actor=staff,
        org=qingdao,
        title=CRAFTSMAN_TITLE,
        year=2022,
        subject_kind=SubjectKind.CRAFTSMAN_TITLE,
        criteria=CRITERIA,
        tiers=[
            services.TierIn("青岛大工匠", 2, great.pk),
            services.TierIn("青岛工匠", 4, plain.pk),
        ],
        rules=[{"kind": "not_manager"}],
        description="青岛市总工会2022年“一匠五创”活动：评选青岛大工匠、青岛工匠。",
    )
    _through_review(staff, titles, [w.pk for w in local_workers[:10]], experts, rng)
    announcement = _announce(staff, titles)
    start = datetime.date(2022, 11, 21)
    Announcement.objects.filter(pk=announcement.pk).update(
        starts_on=start, ends_on=workday_span_end(start, 5), workdays=5
    )
    services.campaign_publish(actor=staff, campaign=titles, decision_number="青工发〔2022〕36号")

    # 2. The innovation achievements: the public announcement is open now.
    awards = services.campaign_create(
        actor=staff,
        org=qingdao,
        title=ACHIEVEMENT_TITLE,
        year=2022,
        subject_kind=SubjectKind.ACHIEVEMENT_AWARD,
        criteria=CRITERIA,
        tiers=[
            services.TierIn("一等奖", 1, recommend_may_day=True),
            services.TierIn("二等奖", 2),
            services.TierIn("三等奖", 3),
        ],
        rules=[{"kind": "not_classified"}, {"kind": "no_ip_dispute"}],
        blind=True,
    )
    ids = _qingdao_achievements(qingdao, local_workers)
    if ids:
        _through_review(staff, awards, ids, experts, rng)
        _announce(staff, awards)
    return {titles.title: titles, awards.title: awards}
