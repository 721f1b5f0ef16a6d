"""The home page's to-do list: what waits for the user in their active role, with counts.

Each app contributes its own items without core naming it: in its `apps.py` `ready()` it
imports its `todo.py`, whose functions are registered with `@register_todo`. A source is
`(user, scope) -> list[TodoItem]`; it reads through its app's scoped selectors and costs
a fixed number of queries whatever the data (the home page's query count is tested).
A source that has nothing for the role returns [] (best without a query)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from .access import Scope, user_scope

log = logging.getLogger(__name__)

SEVERITIES = ("info", "warning", "danger")


@dataclass(frozen=True)
class TodoItem:
    label: str
    count: int | None  # None: a notice without a number (e.g. the calendar running out)
    url: str
    severity: str = "info"  # one of SEVERITIES: how it is marked on the page
    order: int = 50  # lower first: items sort by severity, then this, then label


TodoSource = Callable[[object, Scope], list[TodoItem]]
SOURCES: dict[str, TodoSource] = {}


def register_todo(fn: TodoSource) -> TodoSource:
    """Register a to-do source (keyed by its dotted name: importing twice is harmless)."""
    SOURCES[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def todo_items(user) -> list[TodoItem]:
    """Every source's items for the user's active role, most urgent first; items with a
    count of 0 are left out."""
    scope = user_scope(user)
    if scope.is_empty:
        return []
    items: list[TodoItem] = []
    for fn in SOURCES.values():
        items += [i for i in fn(user, scope) if i.count is None or i.count > 0]
    rank = {s: n for n, s in enumerate(reversed(SEVERITIES))}
    return sorted(items, key=lambda i: (rank.get(i.severity, 9), i.order, str(i.label)))
