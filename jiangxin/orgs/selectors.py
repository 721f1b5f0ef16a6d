"""Scoped reads of the organisation tree."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jiangxin.core.access import get_scoped_or_404, scoped, subtree_q, user_scope
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.core.search import search_page

from .models import Org
from .paths import ancestor_paths


def org_qs(user) -> QuerySet[Org]:
    return scoped(Org.objects.all(), user, org_field=None)


def org_get(user, pk: int) -> Org:
    return get_scoped_or_404(Org.objects.all(), user, org_field=None, pk=pk)


def org_list(
    user,
    *,
    parent: Org | None = None,
    q: str = "",
    kind: str = "",
    region: str = "",
    cursor: str | None = None,
    size: int = 50,
) -> KeysetPage:
    """Orgs in the user's subtree, in tree order; under `parent` (its whole subtree when
    searching, its children otherwise)."""
    qs = org_qs(user)
    if parent is not None:
        if q:
            qs = qs.filter(subtree_q(parent.path)).exclude(pk=parent.pk)
        else:
            qs = qs.filter(subtree_q(parent.path), depth=parent.depth + 1)
    elif not q and not kind and not region:
        roots = user_scope(user).paths
        qs = qs.filter(Q(path__in=roots))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_code__startswith=region)
    if q:  # the page's window of full-text matches, or the exact credit code
        under = parent.path if parent is not None else None
        return search_page(
            qs, "org", q, user=user, order=("path",), cursor=cursor, size=size, under=under,
            also=Q(uscc=q.upper()),
        )  # fmt: skip
    return keyset_page(qs, order=("path",), cursor=cursor, size=size)


def org_ancestors(user, org: Org) -> list[Org]:
    """The breadcrumb: ancestors of `org` that the user may see, root first (one query)."""
    visible = [p for p in ancestor_paths(org.path) if user_scope(user).covers(p)]
    qs = Org.objects.unscoped("only the paths the scope covers, kept above")
    return list(qs.filter(path__in=visible).order_by("depth"))


def org_children_counts(orgs: list[Org]) -> dict[int, int]:
    return {o.pk: o.numchild for o in orgs}


def org_export_qs(user, *, parent: Org | None = None, q: str = "", kind: str = ""):
    """The orgs of the org list with its current filters, for an .xlsx export."""
    qs = org_qs(user)
    if parent is not None:
        qs = qs.filter(subtree_q(parent.path))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def org_export_rows(user, *, parent: Org | None = None, q: str = "", kind: str = ""):
    """The rows of the org list with its current filters, for an .xlsx export (streamed)."""
    from django.utils.translation import gettext as _

    from .enums import Industry, OrgKind

    qs = org_export_qs(user, parent=parent, q=q, kind=kind)
    yield [
        _("Name"),
        _("Kind"),
        _("Unified Social Credit Code"),
        _("Region code"),
        _("Industry"),
        _("Address"),
        _("Depth"),
    ]
    kinds = {value: str(label) for value, label in OrgKind.choices}  # labels resolved once
    industries = {value: f"{value} {label}" for value, label in Industry.choices}
    rows = qs.order_by("path").values_list(
        "name", "kind", "uscc", "region_code", "industry", "address", "depth"
    )
    for name, kind_value, uscc, region, industry, address, depth in rows.iterator(chunk_size=5000):
        yield [
            name,
            kinds.get(kind_value, kind_value),
            uscc or "",
            region,
            industries.get(industry, industry),
            address,
            depth,
        ]


def org_of_scope(scope) -> Org | None:
    """The org where the active role is held (the scope's root)."""
    if scope.org_id is None:
        return None
    return Org.objects.filter(pk=scope.org_id).unscoped("the active role's own org").first()


def org_path_of(pk: int) -> str | None:
    """An org's path, to narrow a list that is already scoped (nothing else is read)."""
    row = Org.objects.filter(pk=pk).unscoped("a path to narrow a scoped list").values("path")
    return next((r["path"] for r in row[:1]), None)
