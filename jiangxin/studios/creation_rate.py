"""The creation rate (创建率), a scoped read: of the first-line workers in an org's
subtree who hold an honour that counts (model workers and craftsmen), the share who lead
a named studio; against the org's latest target, drilled down by child org.

The drill-down is one grouped query per level: workers are grouped by the prefix of
their employer's path as long as a child's path (`Substr(employer__path, 1, n)`), so a
worker employed directly at the org falls in a group of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import child_path_length
from jiangxin.people.models import Honour, Worker

from .access import require_studio_view
from .enums import StudioStatus
from .models import CreationRateTarget, Studio


def _percent(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


@dataclass
class RateRow:
    org: Org | None  # None: workers employed directly at the parent org
    numerator: int
    denominator: int
    target: CreationRateTarget | None = None

    @property
    def rate(self) -> float | None:
        return _percent(self.numerator, self.denominator)

    @property
    def target_rate(self) -> float | None:
        return float(self.target.target_rate) if self.target else None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.rate is None:
            return None
        return Decimal(str(self.rate)) >= self.target.target_rate


@dataclass
class CreationRate:
    org: Org
    numerator: int
    denominator: int
    target: CreationRateTarget | None
    children: list[RateRow] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return _percent(self.numerator, self.denominator)

    @property
    def target_rate(self) -> float | None:
        return float(self.target.target_rate) if self.target else None

    @property
    def without_studio(self) -> int:
        return self.denominator - self.numerator


def _counted_honours() -> QuerySet:
    return Honour.objects.verified().filter(
        worker=OuterRef("pk"), honour_type__counts_for_creation_rate=True
    )


def _named_studios_led() -> QuerySet:
    return Studio.objects.filter(leader=OuterRef("pk"), status=StudioStatus.NAMED)


def qualified_workers(org: Org) -> QuerySet[Worker]:
    """First-line model workers and craftsmen employed in the org's subtree, each with
    `leads` (whether they lead a named, not revoked, studio)."""
    return (
        Worker.objects.filter(first_line=True, employer__path__startswith=org.path)
        .filter(Exists(_counted_honours()))
        .annotate(leads=Exists(_named_studios_led()))
    )


def _scoped_org(user, org: Org) -> None:
    scope = require_studio_view(user)
    if not scope.covers(org.path):
        raise Http404


def _latest_targets(orgs: list[Org]) -> dict[int, CreationRateTarget]:
    latest: dict[int, CreationRateTarget] = {}
    for target in CreationRateTarget.objects.filter(org__in=orgs).order_by(
        "org_id", "-by_date", "-id"
    ):
        latest.setdefault(target.org_id, target)
    return latest


def creation_rate(user, org: Org) -> CreationRate:
    """The rate for `org` with one row per child org that has anyone to count (three
    queries whatever the size of the subtree)."""
    _scoped_org(user, org)
    width = child_path_length(org.path)
    groups = (
        qualified_workers(org)
        .annotate(prefix=Substr("employer__path", 1, width))
        .values("prefix")
        .annotate(total=Count("pk"), leading=Count("pk", filter=Q(leads=True)))
        .order_by("prefix")
    )
    counts = {g["prefix"]: (g["leading"], g["total"]) for g in groups}
    children = {
        o.path: o for o in Org.objects.filter(path__in=[p for p in counts if len(p) == width])
    }
    targets = _latest_targets([org, *children.values()])
    rows = []
    for prefix, (leading, total) in counts.items():
        child = children.get(prefix)
        rows.append(RateRow(child, leading, total, targets.get(child.pk) if child else None))
    rows.sort(key=lambda r: (r.org is None, r.org.path if r.org else ""))
    return CreationRate(
        org=org,
        numerator=sum(r.numerator for r in rows),
        denominator=sum(r.denominator for r in rows),
        target=targets.get(org.pk),
        children=rows,
    )


def creation_rate_gaps(user, org: Org, *, cursor: str | None = None, size: int = 50) -> KeysetPage:
    """The first-line model workers and craftsmen in the subtree who lead no named studio,
    keyset-paged (with their employer and counting honours: two queries a page)."""
    _scoped_org(user, org)
    qs = (
        qualified_workers(org)
        .filter(leads=False)
        .select_related("employer")
        .prefetch_related(
            Prefetch(
                "honours",
                queryset=Honour.objects.verified()
                .filter(honour_type__counts_for_creation_rate=True)
                .select_related("honour_type")
                .order_by("-year"),
                to_attr="counted_honours",
            )
        )
    )
    return keyset_page(qs, order=("id",), cursor=cursor, size=size)


def creation_rate_chart(rate: CreationRate) -> dict:
    """The data the bar chart reads (via json_script): one bar per child org."""
    rows = [r for r in rate.children if r.org is not None]
    return {
        "labels": [r.org.name for r in rows],
        "rates": [r.rate for r in rows],
        "targets": [r.target_rate if r.target else rate.target_rate for r in rows],
        "ids": [r.org.pk for r in rows],
    }
