"""Core's own exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from .export_jobs import ExportSpec
from .roles import Perm


def _rows(user, **filters):
    from .selectors import audit_export_rows

    return audit_export_rows(user, **filters)


def _count(user, **filters) -> int:
    from .selectors import audit_qs

    return audit_qs(user, **filters).count()


AUDIT_EXPORT = ExportSpec(
    kind="audit",
    title=_("Audit log"),
    rows=_rows,
    count=_count,
    filename="audit.xlsx",
    perm=Perm.AUDIT_VIEW,
)
