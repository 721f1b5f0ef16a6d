"""The orgs module's exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.export_jobs import ExportSpec


def _filters(user, parent: int | None, q: str, kind: str) -> dict:
    from .selectors import org_get

    return {"parent": org_get(user, parent) if parent else None, "q": q, "kind": kind}


def _rows(user, *, parent: int | None = None, q: str = "", kind: str = ""):
    from .selectors import org_export_rows

    return org_export_rows(user, **_filters(user, parent, q, kind))


def _count(user, *, parent: int | None = None, q: str = "", kind: str = "") -> int:
    from .selectors import org_export_qs

    return org_export_qs(user, **_filters(user, parent, q, kind)).count()


ORGS = ExportSpec(
    kind="orgs", title=_("Organisations"), rows=_rows, count=_count, filename="orgs.xlsx"
)
