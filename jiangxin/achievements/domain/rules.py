"""The rules an achievement and its benefit claims meet, wherever they are written (the
form, the API, the Excel import). Pure: the services and the import call them on unsaved
objects; what needs the database (a title already used) stays in the services."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jiangxin.orgs.enums import OrgKind
from jiangxin.studios.enums import StudioStatus

from ..enums import AchievementKind

BENEFIT_FIRST_YEAR = 1990


def achievement_rule_errors(achievement, first_completer, today: date) -> dict[str, list[str]]:
    """The errors of an achievement by field: it belongs to an enterprise, its studio (if
    any) is hosted there and not revoked, its dates are not in the future and in order,
    and an advanced operating method is named after its first completer."""
    a = achievement
    errors: dict[str, list[str]] = {}
    if a.enterprise.kind != OrgKind.ENTERPRISE:
        errors.setdefault("enterprise", []).append(
            _("An achievement belongs to an enterprise, not to a %(kind)s.")
            % {"kind": a.enterprise.get_kind_display()}
        )
    if a.studio_id is not None:
        if not a.studio.host.path.startswith(a.enterprise.path):
            errors.setdefault("studio", []).append(
                _("The studio “%(studio)s” is not hosted by %(enterprise)s.")
                % {"studio": a.studio.name, "enterprise": a.enterprise.name}
            )
        elif a.studio.status == StudioStatus.REVOKED:
            errors.setdefault("studio", []).append(
                _("The studio “%(studio)s” has been revoked.") % {"studio": a.studio.name}
            )
    if a.completed_on and a.completed_on > today:
        errors.setdefault("completed_on", []).append(_("The completion date is in the future."))
    if a.started_on and a.started_on > today:
        errors.setdefault("started_on", []).append(_("The start date is in the future."))
    if a.started_on and a.completed_on and a.completed_on < a.started_on:
        errors.setdefault("completed_on", []).append(
            _("The completion date is before the start date.")
        )
    title = (a.title or "").strip()
    if (
        a.kind == AchievementKind.OPERATING_METHOD
        and first_completer is not None
        and first_completer.name not in title
    ):
        errors.setdefault("title", []).append(
            _(
                "An advanced operating method is named after its worker: the title must "
                "contain the first completer's name (%(name)s), e.g. “%(name)s…操作法”."
            )
            % {"name": first_completer.name}
        )
    return errors


def benefit_year_ok(year: int, today: date) -> bool:
    """A benefit is claimed for a year from 1990 to this one."""
    return BENEFIT_FIRST_YEAR <= year <= today.year


def benefit_year_error(year: int, today: date) -> str | None:
    if benefit_year_ok(year, today):
        return None
    return _("Give a year from %(first)d to %(last)d.") % {
        "first": BENEFIT_FIRST_YEAR,
        "last": today.year,
    }
