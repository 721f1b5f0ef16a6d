"""The achievements module's exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.export_jobs import ExportSpec


def _rows(user, **filters):
    from .selectors import achievement_export_rows

    return achievement_export_rows(user, **filters)


def _count(user, **filters) -> int:
    from .selectors import achievement_export_qs

    return achievement_export_qs(user, **filters).count()


ACHIEVEMENTS = ExportSpec(
    kind="achievements",
    title=_("Innovation achievements"),
    rows=_rows,
    count=_count,
    filename="achievements.xlsx",
)
