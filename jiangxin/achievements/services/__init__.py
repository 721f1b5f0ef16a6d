"""Writes to achievements: each checks the role and scope (a foreign object answers 404),
validates with messages naming the field, writes, re-indexes for search and audits in one
transaction."""

from .achievements import (
    EDITABLE_FIELDS,
    CompleterIn,
    achievement_submit,
    achievement_transition,
    achievement_update,
    completer_set,
)
from .patents import patent_add, patent_grant, patent_lapse, patent_reject
from .records import attachment_add, benefit_certify, benefit_certify_many, benefit_claim

__all__ = [
    "EDITABLE_FIELDS",
    "CompleterIn",
    "achievement_submit",
    "achievement_transition",
    "achievement_update",
    "attachment_add",
    "benefit_certify",
    "benefit_certify_many",
    "benefit_claim",
    "completer_set",
    "patent_add",
    "patent_grant",
    "patent_lapse",
    "patent_reject",
]
