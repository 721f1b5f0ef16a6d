"""The competitions module's exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.export_jobs import ExportSpec


def _rows(user, **filters):
    from .selectors import registration_export_rows

    return registration_export_rows(user, **filters)


def _count(user, **filters) -> int:
    from .selectors import registration_export_count

    return registration_export_count(user, **filters)


REGISTRATIONS = ExportSpec(
    kind="competition_registrations",
    title=_("Competition registrations"),
    rows=_rows,
    count=_count,
    filename="registrations.xlsx",
)
