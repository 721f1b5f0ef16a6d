"""Who may act on a competition or a registration, and when. Each predicate takes the
user's `Scope` (active role and subtree) and the record; the status part is
`domain.workflow`. Services enforce these; views show the buttons they allow.

The approval levels of a registration:
- the enterprise union: an enterprise union admin whose scope covers the employer;
- the organiser: federation staff inside the organiser's subtree whose scope covers the
  employer (the city for a provincial competition, or the province itself);
- the committee: the organiser's own staff (who manage the competition)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import Http404

from jiangxin.core.access import Scope, user_scope
from jiangxin.core.roles import Role
from jiangxin.orgs.paths import ancestor_paths

from .domain.workflow import APPROVAL_STEP, COMPETITION, REGISTRATION
from .perms import CompetitionPerm

ANY_PERM = (
    CompetitionPerm.MANAGE,
    CompetitionPerm.REVIEW,
    CompetitionPerm.REGISTER,
    CompetitionPerm.ENTER,
)


def can_see_competitions(scope: Scope) -> bool:
    return any(scope.has(p) for p in ANY_PERM)


def require_competition_view(user) -> Scope:
    scope = user_scope(user)
    if not can_see_competitions(scope):
        raise Http404
    return scope


def competition_visible_q(user, field: str = "org") -> Q:
    """Competitions organised in the user's subtree or above it (an enterprise sees the
    province's competition it may enter)."""
    scope = user_scope(user)
    if scope.is_empty or not can_see_competitions(scope):
        return Q(pk__in=[])
    q = Q()
    for path in scope.paths:
        q |= Q(**{f"{field}__path__startswith": path})
        q |= Q(**{f"{field}__path__in": ancestor_paths(path, include_self=True)})
    return q


def can_manage(scope: Scope, competition) -> bool:
    return scope.has(CompetitionPerm.MANAGE) and scope.covers(competition.org.path)


def competition_actions(scope: Scope, competition) -> frozenset[str]:
    """The competition's steps the user may take now (the organiser's staff)."""
    if not can_manage(scope, competition):
        return frozenset()
    return COMPETITION.actions(competition.status)


def before_deadline(competition, today: date) -> bool:
    return today <= competition.registration_deadline


def can_register(scope: Scope, competition, employer_path: str, today: date) -> bool:
    """Enter workers of `employer_path` (staff) — the competition open, before its deadline."""
    return (
        scope.has(CompetitionPerm.REGISTER)
        and scope.covers(employer_path)
        and COMPETITION.can(competition.status, "register")
        and before_deadline(competition, today)
    )


def can_enter_self(scope: Scope, competition, today: date) -> bool:
    return (
        scope.has(CompetitionPerm.ENTER)
        and COMPETITION.can(competition.status, "register")
        and before_deadline(competition, today)
    )


def approval_level(scope: Scope, registration, competition) -> str | None:
    """The approval step the user may take on the registration now (None if none)."""
    step = APPROVAL_STEP.get(registration.status)
    if step is None or not COMPETITION.can(competition.status, "approve"):
        return None
    employer = registration.employer.path
    organiser = competition.org.path
    if not (scope.covers(employer) and employer.startswith(organiser)):
        return None
    if step == "enterprise_approve":
        ok = scope.has(CompetitionPerm.REGISTER) and scope.role == Role.ENTERPRISE_ADMIN
    elif step == "organiser_approve":
        ok = (
            scope.has(CompetitionPerm.REVIEW)
            and scope.role != Role.ENTERPRISE_ADMIN
            and scope.paths[0].startswith(organiser)
        )
    else:
        ok = can_manage(scope, competition) and scope.paths[0] == organiser
    return step if ok else None


def can_withdraw(scope: Scope, user, registration, competition, today: date) -> bool:
    if not (
        REGISTRATION.can(registration.status, "withdraw") and before_deadline(competition, today)
    ):
        return False
    if scope.has(CompetitionPerm.ENTER) and registration.worker.user_id == getattr(
        user, "pk", None
    ):
        return True
    return scope.has(CompetitionPerm.REGISTER) and scope.covers(registration.employer.path)


def can_substitute(scope: Scope, registration, competition, today: date) -> bool:
    return (
        REGISTRATION.can(registration.status, "substitute")
        and before_deadline(competition, today)
        and scope.has(CompetitionPerm.REGISTER)
        and scope.covers(registration.employer.path)
    )


def registration_actions(scope: Scope, user, registration, competition, today: date) -> set[str]:
    """The actions the user may take on the registration now."""
    actions: set[str] = set()
    if step := approval_level(scope, registration, competition):
        actions |= {step, "approve", "reject"}
    if can_withdraw(scope, user, registration, competition, today):
        actions.add("withdraw")
    if can_substitute(scope, registration, competition, today):
        actions.add("substitute")
    return actions
