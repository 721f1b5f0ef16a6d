"""Eligibility and exclusion rules as data, evaluated per subject with reasons (pure).

A campaign stores its rules as a list of {"kind": ..., params}; `rule_errors` checks such
a list and `evaluate_rules` applies it to a `SubjectProfile` built by the subject's
adapter."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..enums import RuleKind


@dataclass(frozen=True)
class SubjectProfile:
    already_awarded: bool = False
    managers: tuple[str, ...] = ()  # names of the people on it who are not first-line
    classified: bool = False
    ip_dispute: bool = False
    skill_levels: dict[str, int | None] = field(default_factory=dict)  # name → level


def rule_errors(rules) -> list[str]:
    if not isinstance(rules, list):
        return [_("Rules must be a list.")]
    errors = []
    for n, rule in enumerate(rules, start=1):
        kind = rule.get("kind") if isinstance(rule, dict) else None
        if kind not in RuleKind.values:
            errors.append(_("Rule %(n)d: unknown kind %(kind)r.") % {"n": n, "kind": kind})
        elif kind == RuleKind.MIN_SKILL_LEVEL and not (
            isinstance(rule.get("level"), int) and 1 <= rule["level"] <= 8
        ):
            errors.append(_("Rule %(n)d: give a skill level from 1 to 8.") % {"n": n})
    return errors


def evaluate_rules(rules: list[dict], profile: SubjectProfile) -> list[str]:
    """The reasons the subject is excluded (empty: eligible)."""
    reasons: list[str] = []
    for rule in rules:
        kind = rule.get("kind")
        if kind == RuleKind.NOT_ALREADY_AWARDED and profile.already_awarded:
            reasons.append(_("Already holds this title or award."))
        elif kind == RuleKind.NOT_MANAGER and profile.managers:
            reasons.append(
                _("Not first-line workers (managers are excluded): %(names)s.")
                % {"names": ", ".join(profile.managers)}
            )
        elif kind == RuleKind.NOT_CLASSIFIED and profile.classified:
            reasons.append(_("Contains classified material."))
        elif kind == RuleKind.NO_IP_DISPUTE and profile.ip_dispute:
            reasons.append(_("Has an open intellectual-property dispute."))
        elif kind == RuleKind.MIN_SKILL_LEVEL:
            low = [n for n, lv in profile.skill_levels.items() if (lv or 0) < rule["level"]]
            if low:
                reasons.append(
                    _("Below the required skill level %(level)d: %(names)s.")
                    % {"level": rule["level"], "names": ", ".join(low)}
                )
    return reasons
