"""A service's ValidationError in words people read: each message named by the field's
verbose name (居民身份证号：…), never by its key (`resident_id`, `org_id`, `__all__`)."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext


@cache
def _verbose_names() -> dict[str, object]:
    """field name (and attname, e.g. `org_id`) → verbose name, over jiangxin's models; the
    first model (in app order) naming a field wins."""
    names: dict[str, object] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("jiangxin."):
            continue
        for model in config.get_models():
            for f in model._meta.get_fields():
                verbose = getattr(f, "verbose_name", None)
                if verbose is None or not getattr(f, "concrete", False):
                    continue
                names.setdefault(f.name, verbose)
                names.setdefault(getattr(f, "attname", f.name), verbose)
    return names


def field_label(key: str | None, model=None) -> str | None:
    """The verbose name of a field key (of `model` first), or None when it names no field
    (`__all__`, an internal key): then the message stands alone."""
    if not key or key == NON_FIELD_ERRORS:
        return None
    if model is not None:
        for f in model._meta.concrete_fields:
            if key in (f.name, f.attname):
                return capfirst(f.verbose_name)
    verbose = _verbose_names().get(key)
    return capfirst(verbose) if verbose is not None else None


def with_label(label: str | None, message: str) -> str:
    if not label:
        return message
    return gettext("%(field)s: %(message)s") % {"field": label, "message": message}


def error_messages(exc: ValidationError, model=None) -> list[str]:
    """Every message of `exc`, each prefixed by the verbose name of its field."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        with_label(field_label(key, model), message)
        for key, errors in exc.error_dict.items()
        for error in errors
        for message in error.messages
    ]
