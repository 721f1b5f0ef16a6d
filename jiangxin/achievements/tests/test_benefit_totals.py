"""The benefit ledger is summed per achievement exactly once, whichever view asks (studio,
enterprise, each completer); and the passport and studio-indicator extension points."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import translation

from jiangxin.achievements import indicators, selectors, services
from jiangxin.achievements.models import Achievement
from jiangxin.people.passport import passport_timeline
from jiangxin.studios.indicators import indicator_sources, studio_indicators
from jiangxin.studios.models import StudioMember
from jiangxin.testing.people import make_worker

from .helpers import make_studio, pnum, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    w1, w2, w3 = (
        make_worker(world.ent_a, n, name=name)
        for n, name in ((1, "栾军"), (2, "王强"), (3, "李华"))
    )
    studio = make_studio(world.ent_a, w1, "栾军创新工作室")
    for w in (w1, w2, w3):
        StudioMember.objects.create(
            studio=studio, worker=w, role="member", joined_on=date(2019, 1, 1)
        )
    x = submit(
        world.admin_a,
        world.ent_a,
        [w1, w2, w3],
        title="转炉终点控制技术",
        studio=studio,
        completed_on=date(2022, 12, 1),
    )
    y = submit(
        world.admin_a,
        world.ent_a,
        [w1],
        title="钢包周转工艺改进",
        studio=studio,
        completed_on=date(2023, 6, 1),
    )
    for a, year, claimed, certified in (
        (x, 2023, "1000000", "900000"),
        (x, 2024, "500000", "400000"),
        (y, 2024, "200000", "100000"),
    ):
        entry = services.benefit_claim(
            actor=world.admin_a, achievement=a, year=year, claimed_yuan=claimed
        )
        services.benefit_certify(actor=world.city_staff, entry=entry, certified_yuan=certified)
    services.achievement_transition(actor=world.city_staff, achievement=x, status="accepted")
    services.patent_add(
        actor=world.admin_a,
        achievement=x,
        application_number=pnum(2022, "invention", 11),
        status="granted",
        grant_date=date(2024, 2, 1),
    )
    services.patent_add(
        actor=world.admin_a, achievement=x, application_number=pnum(2023, "utility_model", 12)
    )
    services.patent_add(
        actor=world.admin_a,
        achievement=y,
        application_number=pnum(2023, "design", 13),
        status="granted",
        grant_date=date(2023, 9, 1),
    )
    return {"w": (w1, w2, w3), "studio": studio, "x": x, "y": y}


def test_benefit_total_counts_each_achievement_once_for_studio_enterprise_and_completers(
    world, setup
):
    w1, w2, w3 = setup["w"]
    studio = setup["studio"]
    million = Decimal("1400000.00")
    # the studio
    assert selectors.benefit_total(Achievement.objects.filter(studio=studio)).certified == million
    assert indicators.certified_benefit([studio], None)[studio.pk] == million
    # the enterprise (and the federation above it)
    ent = selectors.achievement_qs(world.city_staff).filter(
        enterprise__path__startswith=world.ent_a.path
    )
    assert selectors.benefit_total(ent).certified == million
    assert selectors.benefit_total(ent).claimed == Decimal("1700000.00")
    # each completer's view: x counts once for each of them
    for w, expected in ((w1, "1400000"), (w2, "1300000"), (w3, "1300000")):
        assert selectors.benefit_total(
            selectors.achievements_of_worker(world.city_staff, w)
        ).certified == Decimal(expected)
    # a join over all three completers repeats x three times, its benefit still once
    joined = Achievement.objects.filter(completers__worker__in=[w1, w2, w3])
    assert joined.count() == 4
    naive = joined.aggregate(s=Sum("benefits__certified_yuan"))["s"]
    assert naive > million  # what a naive join would report
    totals = selectors.benefit_total(joined)
    assert totals.certified == million and totals.achievements == 2


def test_benefit_total_by_year(world, setup):
    qs = Achievement.objects.filter(studio=setup["studio"])
    assert selectors.benefit_total(qs, year=2024).certified == Decimal("500000.00")
    assert selectors.benefit_total(qs, year=2023).claimed == Decimal("1000000.00")
    assert selectors.benefit_total(qs, year=2010).certified == Decimal("0.00")
    assert selectors.benefit_total(Achievement.objects.none()).achievements == 0


def test_studio_indicators_registered_and_computed(world, setup, django_assert_max_num_queries):
    studio = setup["studio"]
    sources = indicator_sources()
    assert sources["achievements"] is indicators.achievements_with_benefit
    assert sources["patents"] is indicators.patents_granted
    assert sources["benefit"] is indicators.certified_benefit
    other = make_studio(world.ent_b, make_worker(world.ent_b, 9), "空工作室")
    with django_assert_max_num_queries(len(sources)):
        figures = studio_indicators([studio, other], None)
    # only x is accepted (y is submitted): one accepted achievement with certified benefit
    assert figures[studio.pk]["achievements"] == 1
    assert figures[studio.pk]["patents"] == 2
    assert figures[studio.pk]["benefit"] == 1400000
    assert figures[other.pk] == dict.fromkeys(figures[other.pk], 0)
    in_2024 = studio_indicators([studio], 2024)[studio.pk]
    assert in_2024["achievements"] == 1 and in_2024["patents"] == 1
    assert in_2024["benefit"] == 500000
    in_2022 = studio_indicators([studio], 2022)[studio.pk]
    assert in_2022["achievements"] == 0 and in_2022["benefit"] == 0


def test_passport_shows_achievements_with_order_and_patents(world, setup):
    w1, w2, _w3 = setup["w"]
    with translation.override("en"):
        first = [e for e in passport_timeline(w1) if e.kind in ("achievement", "patent")]
        second = [e for e in passport_timeline(w2) if e.kind in ("achievement", "patent")]
    titles = [e.title for e in first if e.kind == "achievement"]
    assert sorted(titles) == sorted(["转炉终点控制技术", "钢包周转工艺改进"])
    assert all("first completer" in e.detail for e in first if e.kind == "achievement")
    assert [e.detail for e in second if e.kind == "achievement"][0].count("completer 2") == 1
    assert len([e for e in first if e.kind == "patent"]) == 3  # x's two and y's one, once each
    assert len([e for e in second if e.kind == "patent"]) == 2
    granted = next(e for e in first if e.kind == "patent" and "Design" in e.detail)
    assert granted.when == date(2023, 9, 1)


def test_passport_sources_cost_one_query_each(world, setup, django_assert_num_queries):
    from jiangxin.achievements.passport import achievements_source, patents_source

    workers = list(setup["w"])
    with django_assert_num_queries(1):
        rows = achievements_source(workers)
    assert len(rows[workers[0].pk]) == 2
    with django_assert_num_queries(1):
        rows = patents_source(workers)
    assert sum(len(v) for v in rows.values()) == 3 + 2 + 2
