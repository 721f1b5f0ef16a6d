"""The review path and who may act on a studio when. Services enforce these; views use
the same predicates to decide which action forms to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from jiangxin.core.access import Scope, user_scope
from jiangxin.core.calendar import workday_span_end
from jiangxin.core.roles import ROLE_PERMS, Perm
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import ancestor_paths

from .enums import IN_REVIEW, StageLevel, StudioLevel, StudioStatus

ANNOUNCEMENT_WORKDAYS = 5


@dataclass(frozen=True)
class Stage:
    level: str
    org: Org


# The stage that names a studio of each level: an enterprise-level studio is named by its
# enterprise union, a city-level one by the city federation, the others by the province.
LAST_STAGE = {StudioLevel.ENTERPRISE: StageLevel.ENTERPRISE, StudioLevel.CITY: StageLevel.CITY}


def review_path(host: Org, level: str = "") -> list[Stage]:
    """Up the tree from the host enterprise: its union, the nearest city federation, the
    nearest provincial federation; a level with no such ancestor is skipped. The path of a
    studio applying for `level` ends at the stage that names that level. One query."""
    ancestors = ancestor_paths(host.path)
    found = {}
    for org in Org.objects.filter(
        path__in=ancestors, kind__in=[OrgKind.MUNICIPAL, OrgKind.PROVINCIAL]
    ).order_by("-depth"):
        found.setdefault(org.kind, org)
    stages = [Stage(StageLevel.ENTERPRISE, host)]
    if OrgKind.MUNICIPAL in found:
        stages.append(Stage(StageLevel.CITY, found[OrgKind.MUNICIPAL]))
    if OrgKind.PROVINCIAL in found:
        stages.append(Stage(StageLevel.PROVINCE, found[OrgKind.PROVINCIAL]))
    stop = LAST_STAGE.get(level)
    levels = [s.level for s in stages]
    if stop in levels:
        stages = stages[: levels.index(stop) + 1]
    return stages


def next_stage(host: Org, current_level: str, level: str = "") -> Stage | None:
    """The stage after `current_level` on the host's path (None after the last)."""
    path = review_path(host, level)
    levels = [s.level for s in path]
    if current_level not in levels:
        return None
    i = levels.index(current_level)
    return path[i + 1] if i + 1 < len(path) else None


def naming_org(host: Org, level: str = "") -> Org:
    """The organisation that names, assesses and revokes: the last stage of the path."""
    return review_path(host, level)[-1].org


def announcement_end(start: date) -> date:
    """The last day of the announcement (公示): 5 working days of the official calendar
    starting on `start` (used only when no announcement board is installed; see
    `jiangxin.studios.announcement`)."""
    try:
        return workday_span_end(start, ANNOUNCEMENT_WORKDAYS)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def announcement_over(studio, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return studio.announce_until is not None and today > studio.announce_until


# --- who may do what (the services raise; views only show or hide forms) ----------------


def require_studio_view(user) -> Scope:
    """Studio pages are for roles that apply for or review studios (else 404)."""
    scope = user_scope(user)
    if not (scope.has(Perm.STUDIO_APPLY) or scope.has(Perm.STUDIO_REVIEW)):
        raise Http404
    return scope


def can_apply_for(scope: Scope, studio) -> bool:
    return scope.has(Perm.STUDIO_APPLY) and scope.covers(studio.host.path)


def is_stage_reviewer(scope: Scope, studio) -> bool:
    return (
        scope.has(Perm.STUDIO_REVIEW)
        and studio.status in IN_REVIEW
        and studio.stage_org_id is not None
        and scope.org_id == studio.stage_org_id
    )


REVIEWER_ROLES = frozenset(r for r, perms in ROLE_PERMS.items() if Perm.STUDIO_REVIEW in perms)


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
        scope.has(Perm.STUDIO_REVIEW)
        and studio.status in IN_REVIEW
        and studio.stage_level == StageLevel.ENTERPRISE
        and studio.stage_org_id is not None
        and scope.org_id != studio.stage_org_id
        and scope.covers(studio.stage_org.path)
        and not stage_has_reviewer(studio.stage_org)
    )


def is_authority(scope: Scope, authority: Org) -> bool:
    return scope.has(Perm.STUDIO_REVIEW) and scope.covers(authority.path)


def studio_actions(user, studio, authority: Org) -> set[str]:
    """The actions the user's active role may take on the studio now."""
    scope = user_scope(user)
    actions: set[str] = set()
    status = studio.status
    if can_apply_for(scope, studio):
        if status in (StudioStatus.DRAFT, StudioStatus.RETURNED):
            actions.add("resubmit")
        if status != StudioStatus.REVOKED:
            actions.add("members")
        if status == StudioStatus.NAMED:
            actions.add("report")
    if is_stage_reviewer(scope, studio):
        actions.add("review")
    elif is_stand_in(scope, studio):
        actions.update({"review", "stand_in"})
    if is_authority(scope, authority):
        if status == StudioStatus.ANNOUNCED and announcement_over(studio):
            actions.add("name")
        if status == StudioStatus.NAMED:
            actions.add("assess")
        if status != StudioStatus.REVOKED:
            actions.add("revoke")
    return actions
