"""Helpers for selection tests: campaigns, experts and the path to each stage."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core.roles import Role
from jiangxin.testing.people import make_worker

from .. import services
from ..enums import Stage, SubjectKind
from ..models import Announcement, Campaign, Entry, Panel, Scorecard

CRITERIA = [
    services.CriterionIn(name="创新性", weight=40, max_score=100),
    services.CriterionIn(name="实用性", weight=35, max_score=100),
    services.CriterionIn(name="经济效益", weight=25, max_score=50),
]


def make_campaign(
    world, *, actor=None, org=None, kind=SubjectKind.CRAFTSMAN_TITLE, tiers=None, **kw
) -> Campaign:
    from jiangxin.people.models import HonourType

    if tiers is None:
        great = HonourType.objects.get(code="qingdao-great-craftsman")
        plain = HonourType.objects.get(code="qingdao-craftsman")
        tiers = [
            services.TierIn(name="青岛大工匠", quota=1, honour_type_id=great.pk),
            services.TierIn(name="青岛工匠", quota=2, honour_type_id=plain.pk),
        ]
    return services.campaign_create(
        actor=actor or world.city_staff,
        org=org or world.city,
        title=kw.pop("title", "2022年青岛市工匠评选"),
        year=kw.pop("year", 2022),
        subject_kind=kind,
        criteria=kw.pop("criteria", CRITERIA),
        tiers=tiers,
        **kw,
    )


def make_expert(username: str, role_org, *, home=None) -> User:
    user = User.objects.create_user(
        username=username,
        password="Test-pass-2026",
        home_org=home or role_org,
        display_name=username,
    )
    RoleAssignment.objects.create(user=user, org=role_org, role=Role.EXPERT)
    return user


def nominate_up(world, campaign: Campaign, workers) -> list[Entry]:
    """Nominate workers of enterprise A and B and carry them up to the organiser."""
    entries = []
    for w in workers:
        actor = world.admin_a if w.employer_id == world.ent_a.pk else world.admin_b
        entries.append(services.entry_nominate(actor=actor, campaign=campaign, subject_id=w.pk))
    for org, actor in ((world.ent_a, world.admin_a), (world.ent_b, world.admin_b)):
        ids = [e.pk for e in entries if e.current_org_id == org.pk]
        if ids:
            services.sheet_submit(actor=actor, campaign=campaign, org=org, ranked_entry_ids=ids)
    ids = [e.pk for e in entries]
    services.sheet_submit(
        actor=world.city_staff, campaign=campaign, org=world.county, ranked_entry_ids=ids
    )
    return list(Entry.objects.filter(pk__in=ids).order_by("pk"))


def to_review(
    world, campaign: Campaign, n: int = 4, experts: int = 3, first: int = 100
) -> tuple[list[Entry], list[User]]:
    workers = [make_worker(world.ent_a if i % 2 == 0 else world.ent_b, first + i) for i in range(n)]
    entries = nominate_up(world, campaign, workers)
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    for e in entries:
        services.entry_formal_check(actor=world.city_staff, entry=e, passed=True)
    services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    pool = list(User.objects.filter(username__in=[f"expert{i}" for i in range(experts)]))
    pool += [
        make_expert(f"expert{i}", world.province, home=world.other_city)
        for i in range(len(pool), experts)
    ]
    services.panel_create(
        actor=world.city_staff,
        campaign=campaign,
        name="综合组",
        field="",
        expert_ids=[u.pk for u in pool],
    )
    services.experts_assign(actor=world.city_staff, campaign=campaign)
    campaign.refresh_from_db()
    return entries, pool


def score_all(campaign: Campaign, table: dict[tuple[int, int], list]) -> None:
    """table[(entry index, expert index)] = scores per criterion; submits each card."""
    entries = list(Entry.objects.filter(campaign=campaign).order_by("pk"))
    experts = sorted({c.expert_id for c in Scorecard.objects.filter(campaign=campaign)})
    codes = [c.code for c in campaign.criteria.all()]
    for (ei, xi), values in table.items():
        card = Scorecard.objects.get(entry=entries[ei], expert_id=experts[xi])
        expert = card.expert
        card = services.scorecard_save(
            actor=expert,
            scorecard=card,
            version=card.version,
            scores=dict(zip(codes, values, strict=True)),
        )
        services.scorecard_submit(actor=expert, scorecard=card, version=card.version)


def full_scores(campaign: Campaign, per_entry: list[list]) -> None:
    """Every expert gives entry i the scores per_entry[i]."""
    n_experts = len({c.expert_id for c in Scorecard.objects.filter(campaign=campaign)})
    score_all(campaign, {(i, x): s for i, s in enumerate(per_entry) for x in range(n_experts)})


def to_announcement(world, campaign: Campaign, per_entry=None) -> Announcement:
    entries, _pool = to_review(world, campaign)
    full_scores(campaign, per_entry or [[90, 90, 45], [80, 80, 40], [70, 70, 35], [60, 60, 30]])
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    return services.announcement_open(actor=world.city_staff, campaign=campaign)


def end_announcement(announcement: Announcement) -> None:
    """Let the period pass (the test's today stays; the period moves into the past)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Announcement.objects.filter(pk=announcement.pk).update(
        starts_on=yesterday - datetime.timedelta(days=7), ends_on=yesterday
    )


@pytest.fixture
def workday_today(monkeypatch):
    """Today is Friday 2024-09-27 (a working day before National Day), for every test that
    opens an announcement: the official calendar is only known for published years."""
    fixed = datetime.date(2024, 9, 27)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: fixed)
    return fixed


__all__ = ["Panel", "Stage"]
