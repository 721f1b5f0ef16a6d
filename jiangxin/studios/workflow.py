"""A studio's review path up the tree (which stage follows which, and which organisation
names it) and its announcement period. The status table is `domain.workflow`; who may act
when is `access`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from jiangxin.core.calendar import workday_span_end
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import ancestor_paths

from .enums import StageLevel, StudioLevel

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
