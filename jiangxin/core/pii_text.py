"""Resident ID numbers found in free text — a search typed into a filter, a query string,
a file name — masked before the text is kept anywhere (the audit log): first 6 and last 4
shown, as `people.crypto.mask_resident_id` shows a stored one."""

from __future__ import annotations

import re
from typing import Any

# 18 characters, the last a digit or X, not inside a longer run of digits; and the old
# 15-digit form.
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_id_numbers(text: str) -> str:
    return _ID.sub(lambda m: m[0][:6] + "*" * (len(m[0]) - 10) + m[0][-4:], text)


def scrub(value: Any) -> Any:
    """`value` with every ID-shaped run in its strings masked (dicts and lists walked)."""
    if isinstance(value, str):
        return mask_id_numbers(value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value
