"""Naming rules: a fixed set of evaluators whose parameters are data (`NamingRule.params`).

Each evaluator returns whether the studio passes and its evidence as a message id with
parameters, so the stored result is shown in the reader's language later
(`RuleResult.evidence`). Figures owned by other modules come through
`jiangxin.studios.indicators` only.

Parameters by kind (e.g. Shaanxi 2020):
- leader_honour: {"codes": [HonourType codes]} and/or {"categories": [...], "levels": [...]}
  (a category matches at any of the levels; no levels means any level)
- min_years_running: {"years": 3}
- min_achievements_with_benefit: {"count": 3}
- min_trainings_per_year: {"count": 2}   (in the last complete year)
- min_members_promoted: {"count": 3}     (promoted since the studio was established)
- min_members: {"count": 10}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiangxin.people.enums import HonourCategory, HonourLevel

from .enums import RuleKind
from .indicators import indicator_values, members_promoted_names

COUNT_PARAM = {
    RuleKind.MIN_YEARS_RUNNING: "years",
    RuleKind.MIN_ACHIEVEMENTS_WITH_BENEFIT: "count",
    RuleKind.MIN_TRAININGS_PER_YEAR: "count",
    RuleKind.MIN_MEMBERS_PROMOTED: "count",
    RuleKind.MIN_MEMBERS: "count",
}


def rule_params_errors(kind: str, params) -> list[str]:
    """What is wrong with `params` for an evaluator of `kind` ([] when fine)."""
    if not isinstance(params, dict):
        return [_("Parameters must be a JSON object.")]
    if kind in COUNT_PARAM:
        key = COUNT_PARAM[kind]
        value = params.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return [_("Give “%(key)s” as a whole number of 0 or more.") % {"key": key}]
        return []
    if kind == RuleKind.LEADER_HONOUR:
        errors = []
        for key, allowed in (
            ("codes", None),
            ("categories", set(HonourCategory.values)),
            ("levels", set(HonourLevel.values)),
        ):
            value = params.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(_("“%(key)s” must be a list of text values.") % {"key": key})
            elif allowed is not None and (bad := [v for v in value if v not in allowed]):
                errors.append(
                    _("Unknown %(key)s: %(values)s.") % {"key": key, "values": ", ".join(bad)}
                )
        if not errors and not params.get("codes") and not params.get("categories"):
            errors.append(_("Name honour type codes or categories."))
        return errors
    return [_("Unknown evaluator.")]


@dataclass(frozen=True)
class RuleResult:
    code: str
    description: str
    passed: bool
    msg: str
    params: dict

    @property
    def evidence(self) -> str:
        try:
            return _(self.msg) % self.params
        except (KeyError, TypeError, ValueError):
            return self.msg

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "description": self.description,
            "passed": self.passed,
            "msg": self.msg,
            "params": self.params,
        }

    @classmethod
    def from_dict(cls, data: dict) -> RuleResult:
        return cls(
            code=data.get("code", ""),
            description=data.get("description", ""),
            passed=bool(data.get("passed")),
            msg=data.get("msg", ""),
            params=data.get("params") or {},
        )


Outcome = tuple[bool, str, dict]


def _leader_honour(studio, params: dict, today: date) -> Outcome:
    from jiangxin.people.models import Honour

    match = Q(honour_type__code__in=params.get("codes") or [])
    if categories := params.get("categories"):
        by_category = Q(honour_type__category__in=categories)
        if levels := params.get("levels"):
            by_category &= Q(honour_type__level__in=levels)
        match |= by_category
    held = list(
        Honour.objects.verified()
        .filter(match, worker_id=studio.leader_id)
        .select_related("honour_type")
        .order_by("-year", "id")
    )
    if held:
        honours = "、".join(f"{h.honour_type.name} ({h.year})" for h in held)
        return True, gettext_noop("leader holds %(honours)s"), {"honours": honours}
    return False, gettext_noop("the leader holds none of the required honours"), {}


def _years_between(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def _years_running(studio, params: dict, today: date) -> Outcome:
    need = params["years"]
    years = _years_between(studio.established_on, today)
    return (
        years >= need,
        gettext_noop("running since %(since)s: %(years)d full years (needs %(need)d)"),
        {"since": studio.established_on.isoformat(), "years": years, "need": need},
    )


def _indicator(studio, name: str, year: int | None):
    return indicator_values(name, [studio], year)[studio.pk]


def _achievements(studio, params: dict, today: date) -> Outcome:
    need = params["count"]
    n = _indicator(studio, "achievements", None)
    return (
        n >= need,
        gettext_noop("%(n)s achievements with benefit recorded (needs %(need)d)"),
        {"n": n, "need": need},
    )


def _trainings(studio, params: dict, today: date) -> Outcome:
    need = params["count"]
    year = today.year - 1
    n = _indicator(studio, "trainings", year)
    return (
        n >= need,
        gettext_noop("%(n)s trainings or exchanges given in %(year)d (needs %(need)d)"),
        {"n": n, "year": year, "need": need},
    )


def _members_promoted(studio, params: dict, today: date) -> Outcome:
    need = params["count"]
    names = members_promoted_names([studio], studio.established_on, today).get(studio.pk, [])
    return (
        len(names) >= need,
        gettext_noop("%(n)d members promoted a grade: %(names)s (needs %(need)d)"),
        {"n": len(names), "names": "、".join(names) or "—", "need": need},
    )


def _members(studio, params: dict, today: date) -> Outcome:
    need = params["count"]
    n = studio.members.count()
    return n >= need, gettext_noop("%(n)d members (needs %(need)d)"), {"n": n, "need": need}


EVALUATORS: dict[str, Callable[..., Outcome]] = {
    RuleKind.LEADER_HONOUR: _leader_honour,
    RuleKind.MIN_YEARS_RUNNING: _years_running,
    RuleKind.MIN_ACHIEVEMENTS_WITH_BENEFIT: _achievements,
    RuleKind.MIN_TRAININGS_PER_YEAR: _trainings,
    RuleKind.MIN_MEMBERS_PROMOTED: _members_promoted,
    RuleKind.MIN_MEMBERS: _members,
}


def naming_rules_for(level: str):
    from .models import NamingRule

    return NamingRule.objects.filter(Q(level="") | Q(level=level), active=True).order_by("code")


def naming_rules_evaluate(studio, *, today: date) -> list[RuleResult]:
    """Each active rule for the studio's level, with pass/fail and its evidence."""
    results = []
    for rule in naming_rules_for(studio.level):
        evaluator = EVALUATORS.get(rule.kind)
        if evaluator is None or rule_params_errors(rule.kind, rule.params):
            results.append(
                RuleResult(
                    rule.code,
                    rule.description,
                    False,
                    gettext_noop("the rule is misconfigured"),
                    {},
                )
            )
            continue
        passed, msg, params = evaluator(studio, rule.params, today)
        results.append(RuleResult(rule.code, rule.description, passed, msg, params))
    return results


def rule_results_of(studio) -> list[RuleResult]:
    return [RuleResult.from_dict(d) for d in studio.rule_results or []]
