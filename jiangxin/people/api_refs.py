"""Worker references in API bodies: by `worker_id` or by ID number (see core/api.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field
from pydantic import model_validator

from jiangxin.core.api import ApiIn, Id


class WorkerRef(ApiIn):
    """A worker, by `worker_id` (from the list endpoints) or by `resident_id` (the ID
    number, matched through the blind index; it is never echoed back)."""

    worker_id: Id | None = None
    resident_id: str | None = Field(None, max_length=18)

    @model_validator(mode="after")
    def _one_of(self):
        if (self.worker_id is None) == (self.resident_id is None):
            raise ValueError(_("Give either worker_id or resident_id."))
        return self


def worker_resolve(user, ref: WorkerRef, field: str):
    """The worker a reference names, in the user's scope. A foreign or unknown worker_id
    answers 404; an ID number with no worker in scope is an error on `field`."""
    from . import selectors as people

    if ref.worker_id is not None:
        return people.worker_get(user, ref.worker_id)
    worker = people.worker_by_resident_id(user, ref.resident_id.strip())
    if worker is None:
        raise ValidationError(
            {field: _("No worker with this ID number is registered in your scope.")}
        )
    return worker
