"""Selection pages: thin views (parse, call one service or selector, render)."""

from .announcements import (
    announcement_view,
    award_list_pdf_view,
    objection_detail_view,
    publish_view,
)
from .campaigns import (
    campaign_create_view,
    campaign_detail_view,
    campaign_list_view,
    campaign_step_view,
    quota_view,
)
from .certificates import certificate_pdf_view
from .nominations import (
    check_list_view,
    entry_check_view,
    entry_detail_view,
    nominate_view,
    sheet_export_view,
    sheet_view,
)
from .public import (
    public_detail_view,
    public_list_view,
    public_object_view,
    public_objection_status_view,
)
from .review import (
    expert_profile_view,
    experts_assign_view,
    experts_view,
    my_scorecards_view,
    panel_create_view,
    results_export_view,
    results_view,
    review_close_view,
    scorecard_save_view,
    scorecard_submit_view,
    scorecard_view,
)

__all__ = [
    "announcement_view",
    "award_list_pdf_view",
    "campaign_create_view",
    "campaign_detail_view",
    "campaign_list_view",
    "campaign_step_view",
    "certificate_pdf_view",
    "check_list_view",
    "entry_check_view",
    "entry_detail_view",
    "expert_profile_view",
    "experts_assign_view",
    "experts_view",
    "my_scorecards_view",
    "nominate_view",
    "objection_detail_view",
    "panel_create_view",
    "public_detail_view",
    "public_list_view",
    "public_object_view",
    "public_objection_status_view",
    "publish_view",
    "quota_view",
    "results_export_view",
    "results_view",
    "review_close_view",
    "scorecard_save_view",
    "scorecard_submit_view",
    "scorecard_view",
    "sheet_export_view",
    "sheet_view",
]
