"""The one extension point for studio indicators.

A source is a function `(studios, year) -> {studio_id: number}` that the module owning the
figure declares by name in its `module.py` (`indicator_sources={"achievements": dotted
path}`, read through core/modules.py); `year` None means all years. It must cost a fixed
number of queries whatever the number of studios. A named figure no module measures yet
(apprentices promoted, until mentoring exists) is left out of the figures and answers 0.
Trainings given and members promoted a skill grade are computed here.

Assessment indicators and the naming rules read figures through `studio_indicators`
only, so they are computed from recorded data, never typed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from jiangxin.core import modules

IndicatorFn = Callable[[Sequence, int | None], dict[int, float]]

INDICATOR_LABELS = {
    "achievements": _("Achievements with benefit"),
    "patents": _("Patents"),
    "benefit": _("Certified benefit (yuan)"),
    "claimed_benefit": _("Claimed benefit (yuan)"),
    "trainings": _("Trainings and exchanges given"),
    "apprentices_promoted": _("Apprentices promoted"),
    "members_promoted": _("Members promoted a skill grade"),
}


def indicator_sources() -> dict[str, IndicatorFn]:
    """Every module's indicator sources by name, the named figures in INDICATOR_LABELS'
    order first."""
    sources = modules.indicator_sources()
    order = list(INDICATOR_LABELS)
    return dict(
        sorted(sources.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    )


def _number(value) -> int | float:
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value or 0


def studio_indicators(studios: Sequence, year: int | None) -> dict[int, dict[str, int | float]]:
    """Every indicator a module measures, for every studio: {studio_id: {name: number}}
    (a figure nobody measures is left out: a 0 nobody measured is not a figure)."""
    ids = [s.pk for s in studios]
    out: dict[int, dict[str, int | float]] = {pk: {} for pk in ids}
    for name, source in indicator_sources().items():
        values = source(studios, year) if ids else {}
        for pk in ids:
            out[pk][name] = _number(values.get(pk, 0))
    return out


def indicator_values(name: str, studios: Sequence, year: int | None) -> dict[int, int | float]:
    """One indicator for every studio: {studio_id: number} (0 for an unknown name)."""
    source = indicator_sources().get(name)
    values = source(studios, year) if source is not None and studios else {}
    return {s.pk: _number(values.get(s.pk, 0)) for s in studios}


def trainings_given(studios: Sequence, year: int | None) -> dict[int, float]:
    """Trainings and exchanges each studio reported in its quarterly reports (of the
    year). One query."""
    from django.db.models import Sum

    from .models import StudioQuarterlyReport

    qs = StudioQuarterlyReport.objects.filter(studio__in=studios)
    if year is not None:
        qs = qs.filter(year=year)
    rows = qs.values("studio_id").annotate(n=Sum("trainings")).order_by()
    return {r["studio_id"]: r["n"] or 0 for r in rows}


def members_promoted_names(
    studios: Sequence, start: date | None, end: date | None
) -> dict[int, list[str]]:
    """Names of the current members of each studio promoted a skill grade between `start`
    and `end` (inclusive; None leaves that side open). One query."""
    from .models import StudioMember

    # One filter() call, so both bounds apply to the same promotion row.
    bounds: dict = {"worker__promotions__isnull": False}
    if start is not None:
        bounds["worker__promotions__date__gte"] = start
    if end is not None:
        bounds["worker__promotions__date__lte"] = end
    rows = (
        StudioMember.objects.filter(studio__in=studios, **bounds)
        .values_list("studio_id", "worker_id", "worker__name")
        .distinct()
        .order_by("worker_id")
    )
    out: dict[int, list[str]] = {}
    for studio_id, _worker_id, name in rows:
        out.setdefault(studio_id, []).append(name)
    return out


def members_promoted(studios: Sequence, year: int | None) -> dict[int, float]:
    if year is None:
        names = members_promoted_names(studios, None, None)
    else:
        names = members_promoted_names(studios, date(year, 1, 1), date(year, 12, 31))
    return {pk: len(v) for pk, v in names.items()}


# --- what a studio produced, for its page (owned by other modules) ---------------------


@dataclass(frozen=True)
class StudioWork:
    """One record another module holds for a studio (an achievement, …), as its page lists
    it: what it is, where it is, its status, its benefit and granted patents."""

    title: str
    url: str
    kind: str
    status: str
    claimed_yuan: Decimal
    certified_yuan: Decimal
    patents_granted: int


def studio_works(user, studio) -> list[StudioWork]:
    """What the modules hold for the studio: each module's `studio_works` sources
    `(user, studio) -> [StudioWork]` (scoped to the user by that module), in order."""
    return [w for source in modules.studio_works() for w in source(user, studio)]
