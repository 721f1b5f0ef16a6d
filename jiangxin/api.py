"""The REST API under /api/v1/: token auth (Authorization: Bearer jx_…), scoped exactly
like the UI (a foreign object answers 404). Writes go through the same services as the
pages and need a token with the write scope. Every error has one shape, made here:
field errors `{"errors": [{"field", "message"}]}` (422, or 400 for a body that is not
JSON), anything else `{"detail": "…"}`. See docs/api.md."""

from django.core.exceptions import NON_FIELD_ERRORS, BadRequest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.renderers import JSONRenderer

from jiangxin.core.modules import api_auth, load, modules


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as UTF-8, not \\u escapes: readable with curl, and searchable."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="jiangxin API",
    version="1",
    description=(
        "The API of jiangxin (匠心). Send a token as `Authorization: Bearer jx_…` "
        "(create one on the API tokens page). Reads need any token, writes one with the "
        "write scope. A record outside your role's scope answers 404. Field errors answer "
        '422 with `{"errors": [{"field": "…", "message": "…"}]}`.'
    ),
    urls_namespace="api",
    auth=api_auth(),  # the tokens' module declares it (accounts: a read token)
    docs_url=None,
    renderer=Utf8JSONRenderer(),
)


def _errors(request, errors: list[tuple[str, str]], status: int = 422):
    return api.create_response(
        request,
        {"errors": [{"field": f, "message": m} for f, m in errors]},
        status=status,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DjangoValidationError)
def service_invalid(request, exc: DjangoValidationError):
    """A service refused the input: its messages, under the fields it named."""
    if not hasattr(exc, "error_dict"):
        return _errors(request, [(NON_FIELD_ERRORS, m) for m in exc.messages])
    return _errors(
        request,
        [(field, m) for field, messages in exc.message_dict.items() for m in messages],
    )


_SCHEMA_MESSAGES = {
    "missing": lambda e: _("This field is required."),
    "extra_forbidden": lambda e: _("This field is not known."),
    "string_too_long": lambda e: (
        _("At most %(max)d characters.") % {"max": e.get("ctx", {}).get("max_length", 0)}
    ),
    "date_from_datetime_parsing": lambda e: _("Give a valid date as YYYY-MM-DD."),
    "date_parsing": lambda e: _("Give a valid date as YYYY-MM-DD."),
    "date_type": lambda e: _("Give a valid date as YYYY-MM-DD."),
    "int_parsing": lambda e: _("Give a whole number."),
    "int_type": lambda e: _("Give a whole number."),
    "decimal_parsing": lambda e: _("Give a number."),
    "enum": lambda e: (
        _("Choose one of: %(values)s.") % {"values": e.get("ctx", {}).get("expected")}
    ),
}


def _schema_field(loc) -> str:
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # "body", the parameter's name
    elif parts and parts[0] in ("path", "query", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or NON_FIELD_ERRORS


def _schema_message(error: dict) -> str:
    explain = _SCHEMA_MESSAGES.get(error.get("type", ""))
    if explain is not None:
        return explain(error)
    return str(error.get("msg", "")).removeprefix("Value error, ")


@api.exception_handler(SchemaValidationError)
def schema_invalid(request, exc: SchemaValidationError):
    """The body or a parameter does not fit the schema (a bad date, an unknown value, a
    string too long …)."""
    return _errors(request, [(_schema_field(e["loc"]), _schema_message(e)) for e in exc.errors])


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _errors(request, [("body", _("The request body is not valid JSON."))], 400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(BadRequest)
def bad_request(request, exc: BadRequest):
    """A parameter a selector refused (today: a keyset cursor no list gave out)."""
    if "cursor" in str(exc):
        message = _("This cursor was not given out by a list; start again from the first page.")
        return _errors(request, [("cursor", message)], 400)
    return _errors(request, [(NON_FIELD_ERRORS, str(exc))], 400)


# Each module mounts its router (see jiangxin/core/modules.py).
for _module in modules():
    for _prefix, _router in _module.api:
        api.add_router(_prefix, load(_router))
