"""What every API router shares: the error shapes, the base of request bodies (no lone
surrogates or NUL characters in any text), bounded ids, worker references. Worker references are `jiangxin.people.api_refs`; `write()` (the write
scope, the request example) is `jiangxin.accounts.api.write`.

Errors (one handler in jiangxin/api.py turns them into responses):
- a body or parameter that does not validate, or a ValidationError from a service:
  422 `{"errors": [{"field": "completers.0.worker_id", "message": "…"}]}`;
- a body that is not JSON: 400, same shape (field "body");
- an object outside the token user's scope: 404 `{"detail": "…"}`;
- no token, an unknown, revoked or expired token: 401; a read token on a write: 403.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import field_validator

ID_MAX = 2**53  # larger ids cannot exist (and SQLite refuses integers beyond 2**63)
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
NON_FIELD = NON_FIELD_ERRORS  # "__all__": an error about the request as a whole


def max_len(model, field: str) -> int:
    """A model field's max_length, for the matching request field (one rule, not two)."""
    return model._meta.get_field(field).max_length


def IdPath(description: str = "") -> Any:
    """A path parameter holding an object id (bounded, so a huge number answers 422)."""
    return Path(..., ge=1, le=ID_MAX, description=description)


class FieldError(Schema):
    field: str = Field(description="The request field, dotted into lists: completers.0.worker_id")
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]


class DetailOut(Schema):
    detail: str


WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorsOut,
    401: DetailOut,
    403: DetailOut,
    404: DetailOut,
    422: ErrorsOut,
}


def _bad_text(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
    if isinstance(value, list | tuple):
        return any(_bad_text(v) for v in value)
    return False


class ApiIn(Schema):
    """The base of every request body: unknown fields are refused (a typo is not silently
    ignored) and no text may hold a lone surrogate or a NUL character (neither can be
    stored)."""

    model_config = {"extra": "forbid"}

    @field_validator("*", mode="after")
    @classmethod
    def _text_storable(cls, value):
        if _bad_text(value):
            raise ValueError(_("The text holds characters that cannot be stored."))
        return value


@contextmanager
def api_fields(prefix: str = "", rename: dict[str, str] | None = None) -> Iterator[None]:
    """Re-raise a service's ValidationError with the request's field names: `rename` maps
    a service field to the body field (employer → employer_id), `prefix` places it in a
    list (patents.0.)."""
    try:
        yield
    except ValidationError as exc:
        rename = rename or {}
        if not hasattr(exc, "error_dict"):
            raise ValidationError({prefix.rstrip(".") or NON_FIELD: exc.messages}) from exc
        errors: dict[str, list[str]] = {}
        for key, messages in exc.message_dict.items():
            name = rename.get(key, key)
            name = prefix.rstrip(".") if name == NON_FIELD and prefix else prefix + name
            errors.setdefault(name or NON_FIELD, []).extend(messages)
        raise ValidationError(errors) from exc
