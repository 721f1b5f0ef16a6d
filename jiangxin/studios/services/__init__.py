"""Writes to studios (a package: the lifecycle, members, and what a studio records)."""

from .lifecycle import (
    CERTIFICATE_KIND,
    studio_announce_via_campaign,
    studio_apply,
    studio_drafts_create,
    studio_leader_free_check,
    studio_name,
    studio_resubmit,
    studio_review,
    studio_revoke,
    studio_withdraw_from_announcement,
)
from .members import studio_member_add, studio_member_remove, studio_members_add_many
from .records import creation_rate_target_set, studio_assess, studio_report_quarter

__all__ = [
    "CERTIFICATE_KIND",
    "creation_rate_target_set",
    "studio_announce_via_campaign",
    "studio_apply",
    "studio_assess",
    "studio_drafts_create",
    "studio_leader_free_check",
    "studio_member_add",
    "studio_member_remove",
    "studio_members_add_many",
    "studio_name",
    "studio_report_quarter",
    "studio_resubmit",
    "studio_review",
    "studio_revoke",
    "studio_withdraw_from_announcement",
]
