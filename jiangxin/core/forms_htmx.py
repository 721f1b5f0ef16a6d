"""The form and error pattern every module uses: a full POST that re-renders the form
(partial when asked by htmx) with a service's refusal on the field it names
(`form_submit`), per-field inline validation (`?validate=<field>`), and for a POST without
a form the refusal as messages (`action_run`). Views never catch ValidationError
themselves (core/tests/test_form_pattern.py)."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext


def inline_validation_response(form, field: str) -> HttpResponse:
    """Validate the bound form and answer with the messages of one field only."""
    form.is_valid()
    errors = form.errors.get(field, [])
    html = format_html_join("", '<span class="error">{}</span>', ((e,) for e in errors))
    return HttpResponse(html)


def apply_service_errors(form, exc, formsets=None) -> None:
    """Put a service's ValidationError onto the form, on the field it names (a key naming
    one of `formsets`, e.g. a campaign's `tiers`, onto that formset as a whole)."""
    if hasattr(exc, "error_dict"):
        from .errors import field_label, with_label

        model = getattr(getattr(form, "_meta", None), "model", None)
        for field, errors in exc.error_dict.items():
            if field in (formsets or {}):
                formset = formsets[field]
                formset._non_form_errors = formset.error_class(
                    [*formset.non_form_errors(), *(m for e in errors for m in e.messages)]
                )
                continue
            if field in form.fields:
                for error in errors:
                    form.add_error(field, error)
                continue
            # Not a field of this form: a form-wide message that names the field in words.
            label = field_label(field, model)
            for error in errors:
                for message in error.messages:
                    form.add_error(None, with_label(label, message))
    else:
        for message in exc.messages:
            form.add_error(None, message)


def org_picked_in_scope(form, field: str, lookup):
    """The organisation picked in `field` of a valid form, looked up again with `lookup(pk)`
    (the app's scoped selector, e.g. `partial(org_get, user)`); None, with the field's
    error, when the user's scope does not cover it (the selector's 404)."""
    try:
        return lookup(form.cleaned_data[field].pk)
    except Http404:
        form.add_error(field, gettext("No such organisation in your scope."))
        return None


def enable_inline_validation(form, url: str):
    """Each field re-validates on change (htmx POST to `url?validate=<field>`), and its
    messages appear under it without a reload."""
    sep = "&" if "?" in url else "?"
    for name, field in form.fields.items():
        field.widget.attrs.update(
            {
                "hx-post": f"{url}{sep}validate={name}",
                "hx-trigger": "change",
                "hx-target": f"#err-{name}",
                "hx-swap": "innerHTML",
                "hx-include": "closest form",
            }
        )
    return form


class Outcome:
    """What a service call came to: truthy when the service ran without refusing; `result`
    is what it returned (the view may need it for its redirect or its message), `error`
    the ValidationError it raised."""

    __slots__ = ("error", "result")

    def __init__(self, result=None, error: ValidationError | None = None):
        self.result = result
        self.error = error

    def __bool__(self) -> bool:
        return self.error is None

    def messages(self, app_label: str | None = None) -> list[str]:
        """The refusal in words, each message named by its field (core/errors.py)."""
        from .errors import error_messages

        return error_messages(self.error, app_label=app_label) if self.error else []


def service_call(action, /, **kwargs) -> Outcome:
    """Call a service; a ValidationError it raises becomes the outcome's `error` (the one
    place, with `form_submit`, where a view's code catches it)."""
    try:
        return Outcome(action(**kwargs))
    except ValidationError as exc:
        return Outcome(error=exc)


def _done_message(done, result) -> str | None:
    return done(result) if callable(done) else done


def form_submit(
    request, form, action, *, done, formsets=None, rename: dict[str, str] | None = None
) -> Outcome | None:
    """The POST half of every form view: when the form is valid, call the service
    (`action(**form.cleaned_data)`); a service ValidationError goes onto the form (a key
    naming one of `formsets` onto that formset; `rename` maps a service's field to the
    form's, e.g. {"password": "new_password"}), success adds the `done` message (a text,
    a function of the service's result, or None when the page says it itself). The
    outcome (truthy, with the service's result) when the service ran — the view then
    redirects; None otherwise (it re-renders)."""
    if request.method != "POST" or not form.is_valid():
        return None
    outcome = service_call(action, **form.cleaned_data)
    if not outcome:
        errors = getattr(outcome.error, "error_dict", None)
        for old, new in (rename or {}).items():
            if errors and old in errors:
                errors[new] = errors.pop(old)
        apply_service_errors(form, outcome.error, formsets=formsets)
        return None
    if (text := _done_message(done, outcome.result)) is not None:
        messages.success(request, text)
    return outcome


def _app_label_of(request) -> str | None:
    """The app whose view answers the request: its models name the fields in words."""
    match = getattr(request, "resolver_match", None)
    config = apps.get_containing_app_config(match.func.__module__) if match else None
    return config.label if config else None


def messages_from(request, exc: ValidationError, app_label: str | None = None) -> None:
    """A service's ValidationError as error messages, each naming its field in words."""
    from .errors import error_messages

    for message in error_messages(exc, app_label=app_label or _app_label_of(request)):
        messages.error(request, message)


def action_run(request, action, /, *, done=None, **kwargs) -> Outcome:
    """The POST half of a view without a form (a button, a list of ticks): call the
    service; a refusal becomes error messages (`messages_from`), success adds the `done`
    message (a text, a function of the result, or None when the view says more itself)."""
    outcome = service_call(action, **kwargs)
    if not outcome:
        messages_from(request, outcome.error)
    elif (text := _done_message(done, outcome.result)) is not None:
        messages.success(request, text)
    return outcome
