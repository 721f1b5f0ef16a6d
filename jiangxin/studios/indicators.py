"""The one extension point for studio indicators.

A source is a function `(studios, year) -> {studio_id: number}` registered by name with
`@indicator_source("achievements")`; `year` None means all years. It must cost a fixed
number of queries whatever the number of studios. Modules that own a figure (achievements
with benefit, trainings given, patents, certified benefit, apprentices promoted) register
their source when they exist; until then the placeholder below answers 0. Members
promoted a skill grade is computed here from people.SkillPromotion.

Assessment indicators and the naming rules read figures through `studio_indicators`
only, so they are computed from recorded data, never typed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

IndicatorFn = Callable[[Sequence, int | None], dict[int, float]]

INDICATOR_SOURCES: dict[str, IndicatorFn] = {}
_PLACEHOLDERS: set[str] = set()

INDICATOR_LABELS = {
    "achievements": _("Achievements with benefit"),
    "patents": _("Patents"),
    "benefit": _("Certified benefit (yuan)"),
    "trainings": _("Trainings and exchanges given"),
    "apprentices_promoted": _("Apprentices promoted"),
    "members_promoted": _("Members promoted a skill grade"),
}


def indicator_source(name: str, *, placeholder: bool = False):
    """Register `fn` as the source of indicator `name`. A real source replaces a
    placeholder whichever module is imported first."""

    def register(fn: IndicatorFn) -> IndicatorFn:
        if placeholder and name in INDICATOR_SOURCES and name not in _PLACEHOLDERS:
            return fn
        INDICATOR_SOURCES[name] = fn
        if placeholder:
            _PLACEHOLDERS.add(name)
        else:
            _PLACEHOLDERS.discard(name)
        return fn

    return register


def _number(value) -> int | float:
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value or 0


def studio_indicators(studios: Sequence, year: int | None) -> dict[int, dict[str, int | float]]:
    """Every registered indicator for every studio: {studio_id: {name: number}}."""
    ids = [s.pk for s in studios]
    out: dict[int, dict[str, int | float]] = {pk: {} for pk in ids}
    for name, source in INDICATOR_SOURCES.items():
        values = source(studios, year) if ids else {}
        for pk in ids:
            out[pk][name] = _number(values.get(pk, 0))
    return out


def indicator_values(name: str, studios: Sequence, year: int | None) -> dict[int, int | float]:
    """One indicator for every studio: {studio_id: number} (0 for an unknown name)."""
    source = INDICATOR_SOURCES.get(name)
    values = source(studios, year) if source is not None and studios else {}
    return {s.pk: _number(values.get(s.pk, 0)) for s in studios}


def _not_yet(studios, year) -> dict[int, float]:
    return {}


for _name in ("achievements", "patents", "benefit", "trainings", "apprentices_promoted"):
    indicator_source(_name, placeholder=True)(_not_yet)


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


@indicator_source("members_promoted")
def members_promoted(studios: Sequence, year: int | None) -> dict[int, float]:
    if year is None:
        names = members_promoted_names(studios, None, None)
    else:
        names = members_promoted_names(studios, date(year, 1, 1), date(year, 12, 31))
    return {pk: len(v) for pk, v in names.items()}
