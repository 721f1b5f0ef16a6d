"""Who may act on a studio, and when. Each predicate takes the user's `Scope` (active
role and subtree) and the studio; the status part is `domain.workflow.STUDIO`. Services
enforce these; views use the same predicates (through `studio_actions`) to decide which
action forms to show."""

from __future__ import annotations

from django.http import Http404

from jiangxin.core.access import Scope, user_scope
from jiangxin.core.roles import ROLE_PERMS
from jiangxin.orgs.models import Org

from .domain.workflow import STUDIO
from .enums import StageLevel
from .perms import StudioPerm
from .workflow import announcement_over


def require_studio_view(user) -> Scope:
    """Studio pages are for roles that apply for or review studios (else 404)."""
    scope = user_scope(user)
    if not (scope.has(StudioPerm.APPLY) or scope.has(StudioPerm.REVIEW)):
        raise Http404
    return scope


def can_apply_for(scope: Scope, studio) -> bool:
    return scope.has(StudioPerm.APPLY) and scope.covers(studio.host.path)


def is_stage_reviewer(scope: Scope, studio) -> bool:
    return (
        scope.has(StudioPerm.REVIEW)
        and STUDIO.can(studio.status, "review")
        and studio.stage_org_id is not None
        and scope.org_id == studio.stage_org_id
    )


REVIEWER_ROLES = frozenset(r for r, perms in ROLE_PERMS.items() if StudioPerm.REVIEW in perms)


def stage_has_reviewer(org: Org) -> bool:
    """Whether an active account holds a role at `org` that may review studios."""
    from jiangxin.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(
        org=org, role__in=REVIEWER_ROLES, user__is_active=True
    ).exists()


def is_stand_in(scope: Scope, studio) -> bool:
    """A federation above an enterprise stage that nobody can act on (the enterprise has
    no account that reviews studios) may review in its place."""
    return (
        scope.has(StudioPerm.REVIEW)
        and STUDIO.can(studio.status, "review")
        and studio.stage_level == StageLevel.ENTERPRISE
        and studio.stage_org_id is not None
        and scope.org_id != studio.stage_org_id
        and scope.covers(studio.stage_org.path)
        and not stage_has_reviewer(studio.stage_org)
    )


def is_authority(scope: Scope, authority: Org) -> bool:
    return scope.has(StudioPerm.REVIEW) and scope.covers(authority.path)


def studio_actions(user, studio, authority: Org) -> set[str]:
    """The actions the user's active role may take on the studio now."""
    scope = user_scope(user)
    actions: set[str] = set()
    status = studio.status
    if can_apply_for(scope, studio):
        actions |= {a for a in ("resubmit", "members", "report") if STUDIO.can(status, a)}
    if is_stage_reviewer(scope, studio):
        actions.add("review")
    elif is_stand_in(scope, studio):
        actions.update({"review", "stand_in"})
    if is_authority(scope, authority):
        if STUDIO.can(status, "name") and announcement_over(studio):
            actions.add("name")
        actions |= {a for a in ("assess", "revoke") if STUDIO.can(status, a)}
    return actions
