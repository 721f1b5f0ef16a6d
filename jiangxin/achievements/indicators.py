"""Studio indicators computed from achievements (see jiangxin.studios.indicators): accepted
achievements with certified benefit, patents granted and certified benefit, per studio and
year (None = all years). One query each, whatever the number of studios. Declared, with
the studio page's list of achievements, in achievements/module.py."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from jiangxin.studios.indicators import StudioWork

from .enums import AchievementStatus, PatentStatus


def _certified(year: int | None, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}certified_yuan__gt": 0})
    if year is not None:
        q &= Q(**{f"{prefix}year": year})
    return q


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


def claimed_benefit(studios, year: int | None) -> dict[int, float]:
    """Benefit (yuan) claimed for each studio's achievements (in the year), certified or
    not: shown beside the certified figure, never counted by a rule."""
    from .models import BenefitEntry

    qs = BenefitEntry.objects.filter(achievement__studio__in=studios)
    if year is not None:
        qs = qs.filter(year=year)
    rows = qs.values("achievement__studio_id").annotate(total=Sum("claimed_yuan")).order_by()
    return {r["achievement__studio_id"]: r["total"] for r in rows}


def _per_achievement(qs, value):
    """A correlated subquery: `value` aggregated over `qs` for the outer achievement."""
    sub = qs.filter(achievement=OuterRef("pk")).order_by().values("achievement")
    return sub.annotate(v=value).values("v")[:1]


def studio_achievements(user, studio) -> list[StudioWork]:
    """The studio's achievements the user may see, with their benefit and granted patents
    (one query; subqueries, so patents and benefit entries do not multiply each other)."""
    from .models import BenefitEntry, Patent
    from .selectors import achievement_qs

    granted = Patent.objects.filter(
        status__in=[PatentStatus.GRANTED, PatentStatus.LAPSED], grant_date__isnull=False
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    rows = (
        achievement_qs(user)
        .filter(studio=studio)
        .annotate(
            claimed=Coalesce(
                Subquery(_per_achievement(BenefitEntry.objects, Sum("claimed_yuan"))),
                Value(Decimal(0)),
                output_field=money,
            ),
            certified=Coalesce(
                Subquery(_per_achievement(BenefitEntry.objects, Sum("certified_yuan"))),
                Value(Decimal(0)),
                output_field=money,
            ),
            granted=Coalesce(Subquery(_per_achievement(granted, Count("id"))), Value(0)),
        )
        .order_by("-completed_on", "-id")
    )
    return [
        StudioWork(
            title=a.title,
            url=reverse("achievements:detail", args=[a.pk]),
            kind=a.get_kind_display(),
            status=a.get_status_display(),
            claimed_yuan=Decimal(a.claimed or 0),
            certified_yuan=Decimal(a.certified or 0),
            patents_granted=a.granted or 0,
        )
        for a in rows
    ]
