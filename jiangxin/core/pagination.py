"""Keyset pagination: a page is found by the key of the last row of the previous page,
so page 1,000 costs what page 1 costs. The ordering must end on a unique column."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db.models import Field, Q, QuerySet
from django.utils.translation import gettext_lazy as _

INVALID_CURSOR = _(
    "The link to this page of the list is damaged or out of date: start again from the first page."
)

# The widest integer any database column here holds (PostgreSQL bigint, SQLite INTEGER).
_INT_BOUND = 2**63


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
        raise BadRequest(INVALID_CURSOR) from exc
    if not isinstance(values, list) or len(values) != width:
        raise BadRequest(INVALID_CURSOR)
    return values


def _field(qs: QuerySet, name: str) -> Field | None:
    """The model field (or annotation's output field) an ordering name refers to."""
    if name in qs.query.annotations:
        return qs.query.annotations[name].output_field
    model, field = qs.model, None
    for part in name.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def _coerce(qs: QuerySet, order: tuple[str, ...], values: list[Any]) -> list[Any]:
    """A cursor comes back from the client: each value must be a scalar its column can
    hold, else the cursor is refused (400) before it reaches the database."""
    out = []
    for name, value in zip(order, values, strict=True):
        if isinstance(value, list | dict) or (isinstance(value, str) and "\x00" in value):
            raise BadRequest(INVALID_CURSOR)
        field = _field(qs, name.lstrip("-"))
        if field is not None:
            if value is None and not field.null:
                raise BadRequest(INVALID_CURSOR)
            try:
                value = field.to_python(value)
            except (ValidationError, TypeError, ValueError, OverflowError) as exc:
                raise BadRequest(INVALID_CURSOR) from exc
        if isinstance(value, int) and not -_INT_BOUND < value < _INT_BOUND:
            raise BadRequest(INVALID_CURSOR)
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError as exc:  # a lone surrogate
                raise BadRequest(INVALID_CURSOR) from exc
        out.append(value)
    return out


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
        qs = qs.filter(_after(order, _coerce(qs, order, decode_cursor(cursor, len(order)))))
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
