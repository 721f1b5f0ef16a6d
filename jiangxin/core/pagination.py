"""Keyset pagination: a page is found by the key of the last row of the previous page,
so page 1,000 costs what page 1 costs. The ordering must end on a unique column."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: str | None
    cursor: str | None
    size: int

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def is_first(self) -> bool:
        return not self.cursor


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise BadRequest("invalid cursor") from exc
    if not isinstance(values, list) or len(values) != width:
        raise BadRequest("invalid cursor")
    return values


def _after(order: tuple[str, ...], values: list[Any]) -> Q:
    """Rows strictly after `values` in `order` (lexicographic on the ordering columns)."""
    q = Q()
    for i, name in enumerate(order):
        field = name.lstrip("-")
        op = "lt" if name.startswith("-") else "gt"
        step = Q(**{f"{field}__{op}": values[i]})
        for j in range(i):
            step &= Q(**{order[j].lstrip("-"): values[j]})
        q |= step
    return q


def keyset_page(
    qs: QuerySet, *, order: tuple[str, ...], cursor: str | None = None, size: int = 50
) -> KeysetPage:
    size = max(1, min(size, 500))
    qs = qs.order_by(*order)
    if cursor:
        qs = qs.filter(_after(order, decode_cursor(cursor, len(order))))
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([_value(last, name.lstrip("-")) for name in order])
    return KeysetPage(items=rows, next_cursor=next_cursor, cursor=cursor, size=size)


def _value(obj: Any, name: str) -> Any:
    for part in name.split("__"):
        obj = getattr(obj, part)
    return obj
