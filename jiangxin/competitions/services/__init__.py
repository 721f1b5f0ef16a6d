"""Writes of the competitions module (see competitions.py and registrations.py)."""

from .competitions import (
    competition_create,
    competition_step,
    competition_update,
    quota_set,
    stage_save,
    track_save,
)
from .registrations import (
    registration_approve,
    registration_reject,
    registration_submit,
    registration_substitute,
    registration_withdraw,
    registrations_bulk_create,
)

__all__ = [
    "competition_create",
    "competition_step",
    "competition_update",
    "quota_set",
    "registration_approve",
    "registration_reject",
    "registration_submit",
    "registration_substitute",
    "registration_withdraw",
    "registrations_bulk_create",
    "stage_save",
    "track_save",
]
