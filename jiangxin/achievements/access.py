"""Who may do what to an achievement and its patents, in its current state. Services
enforce these predicates; views use the same ones to decide which buttons to show.

Each predicate takes the user's `Scope` (active role and subtree) and the record; the
state part comes from `domain.workflow`, the role part from the permissions below."""

from __future__ import annotations

from jiangxin.core.access import Scope

from .domain.workflow import ACHIEVEMENT, PATENT
from .enums import AchievementStatus
from .perms import AchievementPerm

# The permission each step of an achievement's lifecycle needs.
STEP_PERMS = {
    "submit": AchievementPerm.MANAGE,
    "withdraw": AchievementPerm.MANAGE,
    "accept": AchievementPerm.REVIEW,
    "reopen": AchievementPerm.REVIEW,
}


def _covers(scope: Scope, achievement) -> bool:
    return scope.covers(achievement.enterprise.path)


def is_locked_for(scope: Scope, achievement) -> bool:
    """An accepted achievement is changed only by a federation reviewer."""
    return achievement.status == AchievementStatus.ACCEPTED and not scope.has(
        AchievementPerm.REVIEW
    )


def can_edit(scope: Scope, achievement) -> bool:
    """Change the achievement's fields, completers, claims and attachments."""
    return (
        scope.has(AchievementPerm.MANAGE)
        and _covers(scope, achievement)
        and ACHIEVEMENT.can(achievement.status, "edit")
        and not is_locked_for(scope, achievement)
    )


def can_step(scope: Scope, achievement, action: str) -> bool:
    """Take a lifecycle step (submit, withdraw, accept, reopen) now."""
    perm = STEP_PERMS.get(action)
    return (
        perm is not None
        and scope.has(perm)
        and _covers(scope, achievement)
        and ACHIEVEMENT.can(achievement.status, action)
    )


def achievement_steps(scope: Scope, achievement) -> list[tuple[str, str]]:
    """(action, target status) of every step the user may take now, in table order."""
    row = ACHIEVEMENT.table.get(achievement.status, {})
    return [
        (action, target)
        for action, target in row.items()
        if action in STEP_PERMS and can_step(scope, achievement, action)
    ]


def can_certify_benefit(scope: Scope, achievement) -> bool:
    return (
        scope.has(AchievementPerm.BENEFIT_CERTIFY)
        and _covers(scope, achievement)
        and ACHIEVEMENT.can(achievement.status, "certify_benefit")
    )


def can_patent_step(scope: Scope, patent, action: str) -> bool:
    """Record a patent's grant, rejection or lapse now."""
    return (
        scope.has(AchievementPerm.MANAGE)
        and _covers(scope, patent.achievement)
        and PATENT.can(patent.status, action)
    )
