"""Who may see and do what in selection (services raise, views show or hide).

A campaign is visible to a role held inside the organiser's subtree (its staff, the
federations and units below that nominate) and to a role held above the organiser. Its
entries are scoped like everything else, by the subject's organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from jiangxin.core.access import Scope, require_perm, user_scope
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import ancestor_paths, parent_path

from .domain.workflow import CAMPAIGN
from .perms import SelectionPerm


def campaign_visible_q(user, field: str = "org") -> Q:
    scope = user_scope(user)
    if scope.is_empty or not (
        scope.has(SelectionPerm.MANAGE)
        or scope.has(SelectionPerm.NOMINATE)
        or scope.has(SelectionPerm.SCORE)
    ):
        return Q(pk__in=[])
    q = Q()
    for path in scope.paths:
        q |= Q(**{f"{field}__path__startswith": path})
        q |= Q(**{f"{field}__path__in": ancestor_paths(path, include_self=True)})
    return q


def can_manage(scope: Scope, campaign) -> bool:
    return scope.has(SelectionPerm.MANAGE) and scope.covers(campaign.org.path)


def campaign_actions(scope: Scope, campaign) -> frozenset[str]:
    """The campaign's steps (`domain.workflow.CAMPAIGN`) the user may take now: the
    organiser's staff take every step of the stage; a nominating level nominates and
    recommends. Views show the buttons of these steps."""
    steps = CAMPAIGN.actions(campaign.stage)
    if can_manage(scope, campaign):
        return steps
    below = any(p.startswith(campaign.org.path) for p in scope.paths)
    if scope.has(SelectionPerm.NOMINATE) and below:
        return steps & {"nominate", "recommend"}
    return frozenset()


def require_manage(actor, campaign) -> Scope:
    """The organiser's staff (or above), with the manage permission; else 404."""
    scope = require_perm(actor, SelectionPerm.MANAGE)
    if not scope.covers(campaign.org.path):
        raise Http404
    return scope


def require_level(actor, campaign, org: Org) -> Scope:
    """A role covering `org` that may nominate, where `org` is a level below the organiser."""
    scope = require_perm(actor, SelectionPerm.NOMINATE)
    if not scope.covers(org.path) or not org.path.startswith(campaign.org.path):
        raise Http404
    return scope


def parent_org(org: Org) -> Org | None:
    if org.depth <= 1:
        return None
    return Org.objects.filter(path=parent_path(org.path)).first()


def unit_of(org: Org) -> Org:
    """The enterprise a branch belongs to (the org itself otherwise): nominations start at
    the unit's level."""
    if org.kind != "branch":
        return org
    found = (
        Org.objects.filter(path__in=ancestor_paths(org.path, include_self=True), kind="enterprise")
        .order_by("-depth")
        .first()
    )
    return found or org


def not_in_scope(field: str) -> ValidationError:
    return ValidationError({field: _("No such record in your scope.")})
