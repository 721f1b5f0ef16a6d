"""Naming rules as data: each evaluator passes or fails with its evidence; indicators come
from the one extension point."""

import dataclasses
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from jiangxin.core.modules import Module, modules, register, unregister
from jiangxin.people.models import SkillPromotion
from jiangxin.studios import indicators
from jiangxin.studios.models import NamingRule
from jiangxin.studios.rules import naming_rules_evaluate, rule_results_of
from jiangxin.testing.people import make_worker

from .helpers import honour

pytestmark = pytest.mark.django_db

SHAANXI_HONOURS = {
    "categories": ["model_worker", "may_day_medal", "craftsman"],
    "levels": ["national", "provincial"],
}


def _rule(code, kind, params, level=""):
    rule = NamingRule(code=code, description=code, kind=kind, params=params, level=level)
    rule.full_clean()
    rule.save()
    return rule


def _results(studio):
    return {r.code: r for r in naming_rules_evaluate(studio, today=timezone.localdate())}


def test_rules_leader_honour_passes_with_the_honour_as_evidence(cast):
    _rule("leader", "leader_honour", SHAANXI_HONOURS)
    _rule("leader-code", "leader_honour", {"codes": ["great-power-craftsman"]})
    r = _results(cast.apply())
    assert r["leader"].passed
    assert r["leader"].evidence == "leader holds 齐鲁工匠 (2021)"
    assert not r["leader-code"].passed
    assert "none of the required honours" in r["leader-code"].evidence


def test_rules_leader_honour_fails_for_a_city_honour(cast):
    _rule("leader", "leader_honour", SHAANXI_HONOURS)
    w = cast.world
    leader = make_worker(w.ent_a, 11, name="钱八")
    honour(leader, "qingdao-craftsman", 2022)  # a city-level title
    r = _results(cast.apply(leader))
    assert not r["leader"].passed


def test_rules_years_running(cast):
    _rule("years", "min_years_running", {"years": 3})
    today = timezone.localdate()
    old = _results(cast.apply(established_on=date(today.year - 5, 1, 1)))["years"]
    assert old.passed and "(needs 3)" in old.evidence
    leader = make_worker(cast.world.ent_a, 12, name="周九")
    young = _results(cast.apply(leader, established_on=date(today.year - 1, 1, 1)))["years"]
    assert not young.passed
    assert "1 full years" in young.evidence or "0 full years" in young.evidence


def test_rules_members_promoted_names_them(cast):
    _rule("promoted", "min_members_promoted", {"count": 3})
    w = cast.world
    studio = cast.apply(established_on=date(2019, 1, 1))
    names = ["张三", "李四", "王五"]
    for i, name in enumerate(names):
        member = make_worker(w.ent_a, 20 + i, name=name)
        studio.members.create(worker=member, role="member", joined_on=date(2020, 1, 1))
        SkillPromotion.objects.create(
            worker=member, level=5, date=date(2022, 3, 1 + i), evidence_kind="certificate"
        )
    # A promotion before the studio existed does not count.
    early = make_worker(w.ent_a, 30, name="早升")
    studio.members.create(worker=early, role="member", joined_on=date(2020, 1, 1))
    SkillPromotion.objects.create(
        worker=early, level=4, date=date(2018, 1, 1), evidence_kind="certificate"
    )
    result = _results(studio)["promoted"]
    assert result.passed
    assert result.evidence == "3 members promoted a grade: 张三、李四、王五 (needs 3)"
    assert indicators.members_promoted([studio], 2022) == {studio.pk: 3}
    assert indicators.members_promoted([studio], 2023) == {}


def test_rules_min_members_and_level_filter(cast):
    _rule("members", "min_members", {"count": 2})
    _rule("city-only", "min_members", {"count": 100}, level="city")
    studio = cast.apply(level="provincial")
    r = _results(studio)
    assert set(r) == {"members"}  # the city rule does not apply to a provincial studio
    assert not r["members"].passed and r["members"].evidence == "1 members (needs 2)"


_CALLS: list = []


def _four_achievements(studios, year):
    _CALLS.append(year)
    return {s.pk: 4 for s in studios}


def test_rules_indicators_come_from_the_extension_point(cast):
    _rule("achievements", "min_achievements_with_benefit", {"count": 3})
    _rule("trainings", "min_trainings_per_year", {"count": 2})
    studio = cast.apply()
    r = _results(studio)
    assert not r["achievements"].passed and not r["trainings"].passed  # nothing recorded: 0

    # The figure is whatever source the owning module declares in its module.py.
    achievements = next(m for m in modules() if m.label == "achievements")
    sources = dict(achievements.indicator_sources)
    sources["achievements"] = f"{__name__}._four_achievements"
    _CALLS.clear()
    register(dataclasses.replace(achievements, indicator_sources=sources))
    try:
        r = _results(studio)
        assert r["achievements"].passed
        assert r["achievements"].evidence == "4 achievements with benefit recorded (needs 3)"
        assert _CALLS == [None]
        year = timezone.localdate().year - 1
        assert r["trainings"].evidence == f"0 trainings or exchanges given in {year} (needs 2)"
        # A second module declaring the same figure is refused, not silently preferred.
        register(Module(label="rival", order=99, indicator_sources={"achievements": "x.y"}))
        with pytest.raises(ImproperlyConfigured, match="'achievements' is declared by both"):
            indicators.indicator_sources()
    finally:
        unregister("rival")
        register(achievements)
    assert indicators.indicator_sources()["achievements"] is not _four_achievements


def test_rules_apply_stores_the_results(cast):
    _rule("leader", "leader_honour", SHAANXI_HONOURS)
    _rule("members", "min_members", {"count": 5})
    studio = cast.apply()
    stored = {r.code: r.passed for r in rule_results_of(studio)}
    assert stored == {"leader": True, "members": False}


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("min_years_running", {}),
        ("min_years_running", {"years": -1}),
        ("min_members", {"count": "3"}),
        ("leader_honour", {}),
        ("leader_honour", {"categories": ["hero"]}),
        ("leader_honour", {"codes": "qilu-craftsman"}),
    ],
)
def test_rules_bad_params_are_refused(kind, params):
    rule = NamingRule(code="bad", description="bad", kind=kind, params=params)
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert "params" in exc.value.error_dict
