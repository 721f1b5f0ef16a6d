"""List pages, API lists and exports cost a fixed number of SQL queries, however many rows.

Each app's `tests/lists.py` declares `LISTS = {url_name: Grow(...)}`: `add(world, n)` adds
`n` more rows that `user` sees on the page. `jiangxin/core/tests/test_list_queries_meta.py`
requests every list once to warm up, counts the queries with the rows of one `add`, adds
more rows, counts again and requires the same number. Every URL without a path parameter
is either listed by some app or named in NOT_LISTS of the meta-test with the reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_serial = itertools.count(1000)


def serial() -> int:
    """A number no other grown row has used in this process (unique ID numbers, names)."""
    return next(_serial)


@dataclass(frozen=True)
class Grow:
    add: Callable[[Any, int], None]
    user: str | Callable[[Any], Any] | None = (
        "admin_a"  # a World attribute, a builder, or anonymous
    )
    api: bool = False
    params: dict = field(default_factory=dict)
