"""The form pattern every module uses: a full POST that re-renders the form (partial when
asked by htmx) and per-field inline validation (`?validate=<field>`)."""

from django.http import HttpResponse
from django.utils.html import format_html_join


def inline_validation_response(form, field: str) -> HttpResponse:
    """Validate the bound form and answer with the messages of one field only."""
    form.is_valid()
    errors = form.errors.get(field, [])
    html = format_html_join("", '<span class="error">{}</span>', ((e,) for e in errors))
    return HttpResponse(html)


def apply_service_errors(form, exc) -> None:
    """Put a service's ValidationError onto the form, on the field it names."""
    if hasattr(exc, "error_dict"):
        from .errors import field_label, with_label

        model = getattr(getattr(form, "_meta", None), "model", None)
        for field, errors in exc.error_dict.items():
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


def form_submit(request, form, action, *, done: str) -> bool:
    """The POST half of every form view: when the form is valid, call the service
    (`action(**form.cleaned_data)`); a service ValidationError goes onto the form, success
    adds the `done` message. True when the service ran — the view then redirects."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(**form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False
    messages.success(request, done)
    return True
