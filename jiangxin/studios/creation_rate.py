"""The creation rate (创建率), a scoped read: of the first-line workers in an org's
subtree who hold an honour that counts (model workers and craftsmen), the share who lead
a named studio; against the org's latest target, drilled down by child org.

The figures come from a rollup (core/rollups.py): counting them live read every worker of
the subtree on every view (a parallel scan of 2.1M workers, 0.93 s, for the province).
`creation_rate_rollup_rebuild` groups the qualified workers by employer in one query and
adds the counts up the tree into `CreationRateCell` rows (own and subtree counts per
org); the worker rebuilds it after any write whose audit action can change them. A view
reads two cells' worth of rows: the org's and its children's (two queries, plus targets),
and says how fresh they are. Workers employed directly at the org form a row of their
own. The rule itself — who counts, who leads — is `qualified_workers`, used by the
rebuild and by the gaps list alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from jiangxin.core.access import subtree_q
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.core.rollups import rollup_ready
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import ancestor_paths, depth_of
from jiangxin.people.models import Honour, Worker

from .access import require_studio_view
from .enums import StudioStatus
from .models import CreationRateCell, CreationRateTarget, Studio

ROLLUP = "studios.creation_rate"


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
    as_of: datetime.datetime | None = None  # when the rollup read was built
    updating: bool = False  # a write since then: a rebuild is pending
    hidden: int = 0  # child orgs left out of `children` (a limit was asked for)

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


def qualified_workers(org: Org | None = None) -> QuerySet[Worker]:
    """First-line model workers and craftsmen employed in the org's subtree (everywhere
    for None), each with `leads` (whether they lead a named, not revoked, studio)."""
    qs = Worker.objects.filter(first_line=True)
    if org is not None:
        qs = qs.filter(employer__path__startswith=org.path)
    return qs.filter(Exists(_counted_honours())).annotate(leads=Exists(_named_studios_led()))


def creation_rate_rollup_rebuild() -> int:
    """Replace the cells: one grouped query over the qualified workers by employer, the
    counts added to the employer's own cell and to the subtree cell of the employer and
    of every org above it. Returns the number of cells."""
    groups = (
        qualified_workers()
        .values("employer_id", "employer__path")
        .annotate(total=Count("pk"), leading=Count("pk", filter=Q(leads=True)))
        .order_by()
    )
    cells: dict[str, list[int]] = {}  # path -> [own_total, own_leading, sub_total, sub_leading]
    ids: dict[str, int] = {}
    for g in groups.iterator(chunk_size=5000):
        path, total, leading = g["employer__path"], g["total"], g["leading"]
        ids[path] = g["employer_id"]
        own = cells.setdefault(path, [0, 0, 0, 0])
        own[0] += total
        own[1] += leading
        for above in ancestor_paths(path, include_self=True):
            cell = cells.setdefault(above, [0, 0, 0, 0])
            cell[2] += total
            cell[3] += leading
    missing = [p for p in cells if p not in ids]
    for start in range(0, len(missing), 2000):
        ids.update(
            Org.objects.filter(path__in=missing[start : start + 2000]).values_list("path", "pk")
        )
    rows = [
        CreationRateCell(
            org_id=ids[path],
            path=path,
            depth=depth_of(path),
            own_total=c[0],
            own_leading=c[1],
            sub_total=c[2],
            sub_leading=c[3],
        )
        for path, c in cells.items()
        if path in ids
    ]
    with transaction.atomic():
        CreationRateCell.objects.all().delete()
        CreationRateCell.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


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


def creation_rate(user, org: Org, *, limit: int | None = None) -> CreationRate:
    """The rate for `org` with one row per child org that has anyone to count, from the
    rollup (its state, the org's and the children's cells, the targets: four queries
    whatever the size of the subtree). With `limit`, only the `limit` children with the
    most people to count (and `hidden` says how many are left out: one query more)."""
    _scoped_org(user, org)
    state = rollup_ready(ROLLUP)
    below = Q(depth=org.depth + 1) & subtree_q(org.path) & Q(sub_total__gt=0)
    hidden = 0
    if limit is None:
        cells = list(CreationRateCell.objects.filter(Q(org=org) | below).select_related("org"))
        mine = next((c for c in cells if c.org_id == org.pk), None)
        children = [c for c in cells if c.org_id != org.pk]
    else:
        mine = CreationRateCell.objects.filter(org=org).first()
        kids = CreationRateCell.objects.filter(below)
        children = list(kids.select_related("org").order_by("-sub_total", "path")[:limit])
        if len(children) == limit:
            hidden = kids.count() - limit
    targets = _latest_targets([org, *(c.org for c in children)])
    rows = [RateRow(c.org, c.sub_leading, c.sub_total, targets.get(c.org_id)) for c in children]
    if mine is not None and mine.own_total:
        rows.append(RateRow(None, mine.own_leading, mine.own_total))
    rows.sort(key=lambda r: (r.org is None, r.org.path if r.org else ""))
    return CreationRate(
        org=org,
        numerator=mine.sub_leading if mine else 0,
        denominator=mine.sub_total if mine else 0,
        target=targets.get(org.pk),
        children=rows,
        hidden=hidden,
        as_of=state.built_at,
        updating=state.dirty_at is not None,
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


SHOWN_CHILDREN = 50  # the page's limit: a county has hundreds of enterprises


def creation_rate_chart(rate: CreationRate) -> dict:
    """The data the bar chart reads (via json_script): one bar per child org shown."""
    rows = [r for r in rate.children if r.org is not None]
    return {
        "labels": [r.org.name for r in rows],
        "rates": [r.rate for r in rows],
        "targets": [r.target_rate if r.target else rate.target_rate for r in rows],
        "ids": [r.org.pk for r in rows],
    }
