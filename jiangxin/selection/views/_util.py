from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_errors(request, exc: ValidationError) -> None:
    """A service's ValidationError as messages (each naming its field when it has one)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    messages.error(
                        request, f"{field}: {message}" if field != "__all__" else message
                    )
    else:
        for message in exc.messages:
            messages.error(request, message)


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
