"""The organisation tree in the search index (kind "org"): name, credit code and region
code, scoped by the org's own path."""

from __future__ import annotations

from collections.abc import Iterable

from django.tasks import task

from jiangxin.core.search import search_index, search_index_many, search_repath

from .models import Org

KIND = "org"


def _text(org: Org) -> str:
    return " ".join(t for t in (org.name, org.uscc, org.region_code) if t)


def org_search_reindex(org: Org) -> None:
    search_index(KIND, org.pk, org.path, _text(org))


def org_search_reindex_many(orgs: Iterable[Org] | None = None) -> int:
    """Bulk (re)index `orgs`, all orgs by default. Returns how many were indexed."""
    if orgs is None:
        orgs = (
            Org.objects.only("pk", "path", "name", "uscc", "region_code")
            .order_by("pk")
            .iterator(chunk_size=2000)
        )
    return search_index_many(KIND, ((o.pk, o.path, _text(o)) for o in orgs))


def org_search_moved(old_path: str, new_path: str) -> int:
    """A subtree moved: every document under it (orgs and whatever they own) follows."""
    return search_repath(old_path, new_path)


@task()
def org_search_index_usccs(usccs: list[str]) -> int:
    """Index orgs found by credit code (after a bulk import), 5,000 at a time."""
    n = 0
    for start in range(0, len(usccs), 5000):
        n += org_search_reindex_many(
            Org.objects.filter(uscc__in=usccs[start : start + 5000]).only(
                "pk", "path", "name", "uscc", "region_code"
            )
        )
    return n
