from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_errors(request, exc: ValidationError) -> None:
    """A service's ValidationError as messages (each naming its field when it has one)."""
    from jiangxin.core.errors import error_messages

    for message in error_messages(exc, app_label="selection"):
        messages.error(request, message)


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
