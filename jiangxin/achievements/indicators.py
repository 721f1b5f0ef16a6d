"""Studio indicators computed from achievements (see jiangxin.studios.indicators): accepted
achievements with certified benefit, patents granted and certified benefit, per studio and
year (None = all years). One query each, whatever the number of studios."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from jiangxin.studios.indicators import INDICATOR_LABELS, indicator_source

from .enums import AchievementStatus, PatentStatus

# The studios module names its benefit figure "benefit"; accept "certified_benefit" too.
BENEFIT_NAME = "certified_benefit" if "certified_benefit" in INDICATOR_LABELS else "benefit"


def _certified(year: int | None, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}certified_yuan__gt": 0})
    if year is not None:
        q &= Q(**{f"{prefix}year": year})
    return q


@indicator_source("achievements")
def achievements_with_benefit(studios, year: int | None) -> dict[int, int]:
    """Accepted achievements of each studio with certified benefit (in the year)."""
    from .models import BenefitEntry

    rows = (
        BenefitEntry.objects.filter(
            _certified(year),
            achievement__studio__in=studios,
            achievement__status=AchievementStatus.ACCEPTED,
        )
        .values("achievement__studio_id")
        .annotate(n=Count("achievement_id", distinct=True))
        .order_by()
    )
    return {r["achievement__studio_id"]: r["n"] for r in rows}


@indicator_source("patents")
def patents_granted(studios, year: int | None) -> dict[int, int]:
    """Patents of each studio's achievements granted (in the year)."""
    from .models import Patent

    qs = Patent.objects.filter(
        achievement__studio__in=studios,
        status__in=[PatentStatus.GRANTED, PatentStatus.LAPSED],
        grant_date__isnull=False,
    )
    if year is not None:
        qs = qs.filter(grant_date__year=year)
    rows = qs.values("achievement__studio_id").annotate(n=Count("id")).order_by()
    return {r["achievement__studio_id"]: r["n"] for r in rows}


@indicator_source(BENEFIT_NAME)
def certified_benefit(studios, year: int | None) -> dict[int, float]:
    """Certified benefit (yuan) of each studio's achievements (in the year). Each entry
    belongs to one achievement and each achievement to at most one studio, so nothing is
    counted twice."""
    from .models import BenefitEntry

    rows = (
        BenefitEntry.objects.filter(_certified(year), achievement__studio__in=studios)
        .values("achievement__studio_id")
        .annotate(total=Sum("certified_yuan"))
        .order_by()
    )
    return {r["achievement__studio_id"]: r["total"] for r in rows}
