"""The selection module's exports, run as background jobs (see core/export_jobs.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.export_jobs import ExportSpec


def _ranking_rows(user, *, campaign: int):
    from .selectors import campaign_get_managed, ranking_export_rows

    return ranking_export_rows(campaign_get_managed(user, campaign))


def _sheet_rows(user, *, campaign: int, org: int):
    from .selectors import campaign_get, sheet_export_rows, sheet_org

    found = campaign_get(user, campaign)
    return sheet_export_rows(user, found, sheet_org(user, found, org))


RANKING = ExportSpec(
    kind="selection.ranking",
    title=_("Selection results"),
    rows=_ranking_rows,
    filename="ranking-{campaign}.xlsx",
)
SHEET = ExportSpec(
    kind="selection.sheet",
    title=_("Nomination sheet"),
    rows=_sheet_rows,
    filename="sheet-{campaign}-{org}.xlsx",
)
