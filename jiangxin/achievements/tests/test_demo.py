"""The demo achievements (idempotent, as the articles tell it) and the province load."""

import io
from decimal import Decimal

import pytest

from jiangxin.achievements.demo import seed_demo_achievements, seed_province_achievements
from jiangxin.achievements.enums import FIVE_SMALLS, AchievementKind, PatentType
from jiangxin.achievements.models import Achievement, BenefitEntry, Patent
from jiangxin.achievements.selectors import benefit_total
from jiangxin.core.search import search_ids
from jiangxin.core.validators import patent_normalise, patent_type_from_number

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
    for number, ptype in Patent.objects.values_list("application_number", "patent_type"):
        assert patent_normalise(number) == number
        assert ptype == {"pct_invention": "pct"}.get(t := patent_type_from_number(number), t)
    figures = studio_indicators([studio], None)[studio.pk]
    assert figures["achievements"] >= 3 and figures["patents"] > 100
    assert BenefitEntry.objects.filter(certified_yuan__isnull=True).exists()  # claims waiting
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
