"""The demo achievements (idempotent, as the articles tell it) and the province load."""

import io
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from jiangxin.achievements.demo import seed_demo_achievements, seed_province_achievements
from jiangxin.achievements.enums import FIVE_SMALLS, AchievementKind, PatentType
from jiangxin.achievements.models import Achievement, BenefitEntry, Patent
from jiangxin.achievements.selectors import benefit_total
from jiangxin.core.patent_numbers import patent_number_parse
from jiangxin.core.search import search_ids
from jiangxin.core.validators import patent_normalise

pytestmark = pytest.mark.django_db


def _seed():
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.studios.demo import seed_demo_studios

    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    workers = seed_demo_people(orgs)
    seed_demo_studios(orgs, workers)
    return orgs, seed_demo_achievements(orgs, workers)


def test_demo_achievements_follow_the_articles_and_seed_once():
    from jiangxin.studios.indicators import studio_indicators
    from jiangxin.studios.models import Studio

    orgs, made = _seed()
    kinds = {a.kind for a in made}
    assert kinds >= set(AchievementKind.values) and kinds >= FIVE_SMALLS
    method = Achievement.objects.get(title="栾军炼钢操作法")
    assert method.kind == AchievementKind.OPERATING_METHOD
    assert method.completers.get(order=1).worker.name == "栾军"
    assert (
        Achievement.objects.get(title="许振超桥吊操作法").completers.get().worker.name == "许振超"
    )
    studio = Studio.objects.get(name="栾军创新工作室")
    mine = Achievement.objects.filter(studio=studio)
    assert benefit_total(mine).certified == Decimal("4300000000.00")
    assert Patent.objects.filter(achievement__studio=studio).count() == 120
    assert set(Patent.objects.values_list("patent_type", flat=True)) == set(PatentType.values)
    for p in Patent.objects.select_related("achievement"):
        parsed = patent_number_parse(p.office, p.application_number)
        assert parsed.number == p.application_number and parsed.patent_type == p.patent_type
        # dates in sequence: started → filed → granted → lapsed, none in the future
        assert p.achievement.started_on is None or p.achievement.started_on <= p.filed_on
        assert parsed.year is None or parsed.year == p.filed_on.year
        assert (p.status in ("granted", "lapsed")) == (p.grant_date is not None)
        if p.grant_date:
            assert p.filed_on < p.grant_date <= timezone.localdate()
            assert p.grant_number == f"ZL{p.application_number}"
        if p.ended_on:
            assert p.status == "lapsed" and p.grant_date < p.ended_on <= timezone.localdate()
    offices = set(Patent.objects.values_list("office", flat=True))
    assert {"cn", "pct", "ep"} <= offices
    assert Patent.objects.filter(status="applied", office="cn").exists()  # to grant
    assert Patent.objects.filter(status="lapsed").exists()
    for e in BenefitEntry.objects.select_related("achievement"):
        done = e.achievement.completed_on
        assert done is None or e.year >= done.year
        if e.certified_at:
            assert e.certified_at.year > e.year
    multi = Achievement.objects.annotate(n=Count("benefits")).filter(n__gte=3)
    assert multi.exists()
    assert Achievement.objects.filter(status="accepted").count() >= 8
    figures = studio_indicators([studio], None)[studio.pk]
    assert figures["achievements"] >= 3 and figures["patents"] > 100
    # claims waiting for the bulk certification page
    assert BenefitEntry.objects.filter(certified_yuan__isnull=True).count() >= 6
    steel = orgs["日照钢铁控股集团有限公司"]
    assert search_ids("achievement", "操作法", org_paths=(steel.path,))
    counts = (Achievement.objects.count(), Patent.objects.count(), BenefitEntry.objects.count())
    _seed()
    assert (
        Achievement.objects.count(),
        Patent.objects.count(),
        BenefitEntry.objects.count(),
    ) == counts


def test_province_achievements_load_in_bulk():
    from jiangxin.accounts.seeding import seed_province
    from jiangxin.studios.demo import seed_province_studios

    seed_province(orgs=300)
    seed_province_studios(n=100)  # gives the enterprises some workers
    out = io.StringIO()
    totals = seed_province_achievements(out, n=1200)
    assert totals["achievements"] == Achievement.objects.count() == 1200
    assert totals["completers"] > 0 and totals["benefit"] > 0 and totals["patents"] > 0
    assert totals["search"] == 1200 and "done" in out.getvalue()
    for number in Patent.objects.values_list("application_number", flat=True)[:50]:
        assert patent_normalise(number) == number
    assert seed_province_achievements(io.StringIO(), n=1200) == {"achievements": 0}
