"""The studios module's exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.export_jobs import ExportSpec


def _rows(user, **filters):
    from .selectors import studio_export_rows

    return studio_export_rows(user, **filters)


def _count(user, **filters) -> int:
    from .selectors import studio_export_qs

    return studio_export_qs(user, **filters).count()


STUDIOS = ExportSpec(
    kind="studios", title=_("Innovation studios"), rows=_rows, count=_count, filename="studios.xlsx"
)
