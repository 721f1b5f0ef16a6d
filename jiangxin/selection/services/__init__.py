"""Writes to selection: one function per workflow step, each checking the role and scope,
validating, writing and auditing in one transaction."""

from .announcements import (
    announcement_open,
    campaign_publish,
    objection_decide,
    objection_file,
    objection_investigate,
)
from .campaigns import (
    CriterionIn,
    TierIn,
    campaign_create,
    campaign_open_formal_check,
    campaign_open_review,
    quota_preview,
    quota_set,
    quota_shares,
)
from .nominations import entry_formal_check, entry_nominate, sheet_submit
from .review import (
    StaleScorecard,
    campaign_close_review,
    expert_profile_set,
    experts_assign,
    panel_create,
    scorecard_save,
    scorecard_submit,
)

__all__ = [
    "CriterionIn",
    "StaleScorecard",
    "TierIn",
    "announcement_open",
    "campaign_close_review",
    "campaign_create",
    "campaign_open_formal_check",
    "campaign_open_review",
    "campaign_publish",
    "entry_formal_check",
    "entry_nominate",
    "expert_profile_set",
    "experts_assign",
    "objection_decide",
    "objection_file",
    "objection_investigate",
    "panel_create",
    "quota_preview",
    "quota_set",
    "quota_shares",
    "scorecard_save",
    "scorecard_submit",
    "sheet_submit",
]
