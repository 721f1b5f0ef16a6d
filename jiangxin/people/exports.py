"""The people module's exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.export_jobs import ExportSpec


def _rows(user, *, q: str = "", id_hash: str = "", unmasked: bool = False):
    from .selectors import worker_export_rows

    return worker_export_rows(user, q=q, id_hash=id_hash, unmasked=unmasked)


def _count(user, *, q: str = "", id_hash: str = "", unmasked: bool = False) -> int:
    from .selectors import worker_export_qs

    return worker_export_qs(user, q=q, id_hash=id_hash).count()


def _rows_unmasked(user, **params):
    from .services import worker_export_unmask_check

    worker_export_unmask_check(actor=user)  # checked again when the job runs
    return _rows(user, **params, unmasked=True)


WORKERS = ExportSpec(
    kind="workers", title=_("Workers"), rows=_rows, count=_count, filename="workers.xlsx"
)
WORKERS_UNMASKED = ExportSpec(
    kind="workers-unmasked",
    title=_("Workers with full ID numbers"),
    rows=_rows_unmasked,
    count=_count,
    filename="workers.xlsx",
)
