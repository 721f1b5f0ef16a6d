"""The one way to write an audit record. Services call `audit_record` inside their
transaction so that the change and its audit row commit together."""

from __future__ import annotations

import threading
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .audit_chain import chain_head_locked, normalised_details, row_hash
from .models import AuditEvent
from .pii_text import mask_id_numbers, scrub
from .rollups import rollups_touch

_local = threading.local()


def set_request_ip(ip: str | None) -> None:
    _local.ip = ip


def current_ip() -> str | None:
    return getattr(_local, "ip", None)


def audit_record(
    *,
    actor=None,
    action: str,
    obj: models.Model | None = None,
    result: str = AuditEvent.Result.SUCCESS,
    details: dict[str, Any] | None = None,
    username: str = "",
    ip: str | None = None,
    org_path: str = "",
) -> AuditEvent:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if obj is not None and not org_path:
        org_path = _org_path_of(obj)
    event = AuditEvent(
        at=timezone.now(),
        user=user,
        username=username or (user.get_username() if user else ""),
        ip=ip or current_ip(),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=mask_id_numbers(str(obj))[:255] if obj is not None else "",
        org_path=org_path,
        result=result,
        details=normalised_details(scrub(details or {})),
    )
    with transaction.atomic(savepoint=False):
        # the chain's lock is held until the caller's transaction commits
        event.prev_hash = chain_head_locked(AuditEvent)
        event.row_hash = row_hash(_chain_fields(event), event.prev_hash)
        event.save(force_insert=True)
        if result == AuditEvent.Result.SUCCESS:
            rollups_touch(action)  # the dashboards this write changes go stale
    return event


def _chain_fields(event: AuditEvent) -> dict[str, Any]:
    from .audit_chain import FIELDS

    return {f: getattr(event, f) for f in FIELDS}


def _org_path_of(obj: models.Model) -> str:
    path = getattr(obj, "path", None)
    if isinstance(path, str) and obj._meta.label_lower == "orgs.org":
        return path
    org = getattr(obj, "org", None)
    return getattr(org, "path", "") or ""
