"""The audit log's hash chain: each `AuditEvent` carries `row_hash`, an HMAC-SHA256 over a
canonical serialisation of its fields and the previous row's hash (`prev_hash`). Deleting,
editing or inserting a row anywhere breaks the chain at that row; `manage.py audit_verify`
walks it. The first row links to GENESIS, so removing the oldest rows is detected too.

The key is `settings.AUDIT_CHAIN_KEY` (JX_AUDIT_KEY, by default the secret key): someone
who can write the database but does not hold the key cannot forge a matching chain.

Writers never fork the chain: on PostgreSQL a transaction-scoped advisory lock serialises
audit writers until they commit (the next writer then reads the committed head); SQLite
has one writer at a time already (transactions begin IMMEDIATE)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

GENESIS = "0" * 64
VERSION = 1
# pg_advisory_xact_lock key: "jx-audit" as a number
LOCK_KEY = int.from_bytes(b"jx-audit", "big") & 0x7FFFFFFFFFFFFFFF
# the fields a row's hash covers, in the order of the serialisation
FIELDS = (
    "at",
    "user_id",
    "username",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "org_path",
    "result",
    "details",
)


def _key() -> bytes:
    return (getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY).encode()


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)  # jsonb may hand 1.0 or 1e20 back as an integer
    return value


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return _number(value)


def normalised_details(details: dict[str, Any] | None) -> dict[str, Any]:
    """The details as the database gives them back (JSON round trip)."""
    return json.loads(json.dumps(details or {}))


def _ip(value: str | None) -> str:
    if not value:
        return ""
    try:
        return ipaddress.ip_address(str(value)).compressed
    except ValueError:
        return str(value)


def _at(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: dict[str, Any]) -> bytes:
    """The row's fields as one canonical JSON text (UTF-8)."""
    values = [
        VERSION,
        _at(row["at"]),
        row["user_id"],
        row["username"] or "",
        _ip(row["ip"]),
        row["action"],
        row["object_type"] or "",
        row["object_id"] or "",
        row["object_repr"] or "",
        row["org_path"] or "",
        row["result"],
        _plain(row["details"] or {}),
    ]
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def row_hash(row: dict[str, Any], prev_hash: str) -> str:
    return hmac.new(_key(), prev_hash.encode() + b"\n" + canonical(row), hashlib.sha256).hexdigest()


def chain_head_locked(model) -> str:
    """Take the chain's write lock (until the transaction ends) and return the hash of the
    last row: the `prev_hash` of the next. Call inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    last = model.objects.order_by("-id").values_list("row_hash", flat=True).first()
    return last or GENESIS


@dataclass(frozen=True)
class Break:
    """The first broken link: the row at which the chain stops verifying."""

    row_id: int
    kind: str  # "edited", "missing-before" (deleted or inserted rows), "unchained"
    message: str


@dataclass
class Walk:
    rows: int = 0
    head_id: int | None = None
    head_hash: str = GENESIS
    broken: Break | None = None


def chain_walk(rows: Iterable[dict[str, Any]]) -> Walk:
    """Check rows in id order (an iterator: constant memory); stops at the first break."""
    walk = Walk()
    expected = GENESIS
    for row in rows:
        walk.rows += 1
        if not row["row_hash"]:
            walk.broken = Break(row["id"], "unchained", f"row {row['id']} has no hash")
            break
        if row["prev_hash"] != expected:
            where = f"after row {walk.head_id}" if walk.head_id is not None else "at the start"
            walk.broken = Break(
                row["id"],
                "missing-before",
                f"row {row['id']} does not link to the row before it ({where}): "
                "rows were deleted or inserted there",
            )
            break
        if row_hash(row, row["prev_hash"]) != row["row_hash"]:
            walk.broken = Break(
                row["id"], "edited", f"row {row['id']} was changed after it was written"
            )
            break
        expected = row["row_hash"]
        walk.head_id, walk.head_hash = row["id"], expected
    return walk


def chain_rows(model, *, using: str = "default", chunk_size: int = 5000) -> Iterator[dict]:
    """Every audit row in chain order, streamed (a server-side cursor on PostgreSQL)."""
    return (
        model.objects.using(using)
        .order_by("id")
        .values("id", "prev_hash", "row_hash", *FIELDS)
        .iterator(chunk_size=chunk_size)
    )
