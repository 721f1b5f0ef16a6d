"""A service's ValidationError in words people read: each message named by the field's
verbose name (居民身份证号：…), never by its key (`resident_id`, `org_id`, `__all__`)."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Keys services use that are no model field, or whose verbose name differs by model.
FIELD_WORDS = {
    "resident_id": _("resident ID number"),
    "org": _("organisation"),
    "org_id": _("organisation"),
    "parent": _("parent organisation"),
    "uscc": _("Unified Social Credit Code"),
}


def _model_words(model) -> dict[str, object]:
    """A model's field keys (name and attname, e.g. `org_id`) → verbose name; a reverse
    relation (`tiers`) → the related model's plural name."""
    words: dict[str, object] = {}
    for f in model._meta.get_fields():
        if getattr(f, "concrete", False):
            words.setdefault(f.name, f.verbose_name)
            words.setdefault(f.attname, f.verbose_name)
        elif f.is_relation and f.related_model is not None and (f.one_to_many or f.many_to_many):
            name = f.get_accessor_name() if hasattr(f, "get_accessor_name") else f.name
            words.setdefault(name, f.related_model._meta.verbose_name_plural)
    return words


@cache
def _app_words(app_label: str) -> dict[str, object]:
    words: dict[str, object] = {}
    for model in apps.get_app_config(app_label).get_models():
        for key, verbose in _model_words(model).items():
            words.setdefault(key, verbose)
    return words


@cache
def _unambiguous_words() -> dict[str, object]:
    """Keys that mean the same thing in every jiangxin model that has them."""
    seen: dict[str, dict[str, object]] = {}
    with translation.override("en"):
        for config in apps.get_app_configs():
            if config.name.startswith("jiangxin."):
                for model in config.get_models():
                    for key, verbose in _model_words(model).items():
                        seen.setdefault(key, {}).setdefault(str(verbose), verbose)
    return {key: next(iter(v.values())) for key, v in seen.items() if len(v) == 1}


def field_label(key: str | None, model=None, app_label: str | None = None) -> str | None:
    """The words for a field key: from `model`, else the models of `app_label`, else the
    table above, else any model where the key is unambiguous. None when the key names no
    field (`__all__`, an internal key): then the message stands alone."""
    if not key or key == NON_FIELD_ERRORS:
        return None
    for words in (
        _model_words(model) if model is not None else {},
        _app_words(app_label) if app_label else {},
        FIELD_WORDS,
        _unambiguous_words(),
    ):
        if key in words:
            return capfirst(words[key])
    return None


def with_label(label: str | None, message: str) -> str:
    if not label:
        return message
    return gettext("%(field)s: %(message)s") % {"field": label, "message": message}


def error_messages(exc: ValidationError, model=None, app_label: str | None = None) -> list[str]:
    """Every message of `exc`, each prefixed by the verbose name of its field."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        with_label(field_label(key, model, app_label), message)
        for key, errors in exc.error_dict.items()
        for error in errors
        for message in error.messages
    ]
