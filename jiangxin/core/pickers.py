"""Search-as-you-type pickers: people choose an org, a worker, a user or an honour type by
typing part of its name (or credit code, masked ID …) and picking it, never by typing an
internal id or code.

Each owning app registers the sources of its kinds (in its `pickers.py`, imported from its
`AppConfig.ready()`), so core names no domain app:

    picker_register(
        "org",
        queryset=lambda user, params: org_qs(user),       # what the user may choose
        search=lambda user, q, params: ...,               # ≤ PICK_LIMIT matches, indexed
        detail=lambda org: org.uscc or "",                # the option's second line
    )

A form declares `PickerField("org")` (one choice; the hidden input carries its id) or
`PickerMultipleField("worker", share_label=…)` (an ordered list, optionally with a share
per row), and is built with the user (`PickerForm(..., user=request.user)` or
`picker_bind(form, user)`): the field's queryset becomes the source's scoped queryset, so a
foreign id posted by hand is a form error naming the field — never a 500, never a leak. An
unbound field accepts nothing.

The options come from `/pick/<kind>/` (`pick_view`): an HTML fragment of at most
PICK_LIMIT options, queried by `static/jiangxin/picker.js` as the user types (debounced,
POSTed so that a typed ID number never lands in a URL or an access log).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

PICK_LIMIT = 20
QUERY_MAX = 50
PK_MAX = 2**63 - 1  # a bigger id would overflow the database's integer: it is no id
PARAM_RE = re.compile(r"^[\w,.-]{0,60}$")
RESIDENT_ID_RE = re.compile(r"^\d{17}[\dXx]$")

Params = Mapping[str, str]


@dataclass(frozen=True)
class PickerSource:
    kind: str
    queryset: Callable[[Any, Params], QuerySet]
    search: Callable[[Any, str, Params], Iterable[Model]]
    label: Callable[[Model], str] = str
    detail: Callable[[Model], str] = lambda obj: ""
    params: tuple[str, ...] = ()  # the query parameters the source reads


_SOURCES: dict[str, PickerSource] = {}


def picker_register(
    kind: str,
    *,
    queryset: Callable[[Any, Params], QuerySet],
    search: Callable[[Any, str, Params], Iterable[Model]],
    label: Callable[[Model], str] = str,
    detail: Callable[[Model], str] = lambda obj: "",
    params: tuple[str, ...] = (),
) -> PickerSource:
    source = PickerSource(kind, queryset, search, label, detail, params)
    _SOURCES[kind] = source
    return source


def picker_source(kind: str) -> PickerSource:
    try:
        return _SOURCES[kind]
    except KeyError as exc:
        raise LookupError(f"no picker source {kind!r} is registered") from exc


def picker_kinds() -> list[str]:
    return sorted(_SOURCES)


def _clean_params(source: PickerSource, data: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for name in source.params:
        value = str(data.get(name, "") or "").strip()
        if value and PARAM_RE.match(value):
            out[name] = value
    return out


def picker_options(user, kind: str, q: str, params: Params | None = None) -> list[dict]:
    """The options offered for `q`: at most PICK_LIMIT, in the user's scope."""
    source = picker_source(kind)
    q = (q or "").strip()[:QUERY_MAX]
    if not q:
        return []
    found = list(source.search(user, q, _clean_params(source, params or {}))[:PICK_LIMIT])
    return [{"pk": o.pk, "label": source.label(o), "detail": source.detail(o)} for o in found]


@login_required
@require_http_methods(["GET", "POST"])
def pick_view(request, kind: str):
    """The options of one picker as an HTML fragment (`?q=`, or `q` in a POST body). An ID
    number is only looked up from a POST body, and the query is never echoed back."""
    if kind not in _SOURCES:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    q = data.get("q", "")
    hint = ""
    if request.method == "GET" and RESIDENT_ID_RE.match(q.strip()):
        q, hint = "", _("Type the ID number into the box: it is not looked up from a web address.")
    options = picker_options(request.user, kind, q, data)
    if not options and not hint:
        hint = _("Nothing in your scope matches.") if q.strip() else _("Type to search.")
    return render(request, "core/_picker_options.html", {"options": options, "hint": hint})


# --- fields and widgets ---------------------------------------------------------------


class _Bindable:
    """What a picker field and its widget share: the source and the user it is bound to."""

    def _setup(self, kind: str, params: Params | None, params_from: Mapping[str, str] | None):
        self.kind = kind
        self.params = dict(params or {})
        self.params_from = dict(params_from or {})
        self.user = None

    def source(self) -> PickerSource:
        return picker_source(self.kind)

    def scoped_queryset(self) -> QuerySet:
        source = self.source()
        if self.user is None:
            return source.queryset(None, self.params).none()
        return source.queryset(self.user, self.params)


class PickerWidget(_Bindable, forms.Widget):
    template_name = "core/widgets/picker.html"
    multiple = False

    def __init__(self, attrs=None, *, kind="", params=None, params_from=None, share_label=None):
        super().__init__(attrs)
        self._setup(kind, params, params_from)
        self.share_label = share_label

    def id_for_label(self, id_):
        return f"{id_}-search" if id_ else id_

    def _rows(self, values) -> list[dict]:
        """(object or id, share) pairs → rows to render, objects looked up in scope at once."""
        ids = [_int(v) for v, _s in values if not isinstance(v, Model)]
        found = {}
        clean_ids = [i for i in ids if i is not None]
        if clean_ids:
            found = {o.pk: o for o in self.scoped_queryset().filter(pk__in=clean_ids)}
        source = self.source()
        rows = []
        for value, share in values:
            obj = value if isinstance(value, Model) else found.get(_int(value))
            if obj is None:
                continue
            share_text = "" if share is None else str(share)
            if isinstance(share, Decimal):
                share_text = f"{share.normalize():f}"
            rows.append(
                {
                    "pk": obj.pk,
                    "label": source.label(obj),
                    "detail": source.detail(obj),
                    "share": share_text,
                }
            )
        return rows

    def _pairs(self, value) -> list[tuple[Any, Any]]:
        if value in (None, "", [], ()):
            return []
        if self.multiple:
            return [v if isinstance(v, tuple | list) else (v, None) for v in value]
        return [(value, None)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = self._rows(self._pairs(value))
        widget = context["widget"]
        widget_attrs = dict(widget["attrs"])
        base_id = widget_attrs.pop("id", f"id_{name}")
        widget.update(
            {
                "base_id": base_id,
                "rows": rows,
                "current": rows[0] if rows and not self.multiple else None,
                "multiple": self.multiple,
                "share_label": self.share_label,
                "url": reverse("core:pick", args=[self.kind]),
                "params": sorted(self.params.items()),
                "params_from": sorted(self.params_from.items()),
                "hidden_attrs": widget_attrs,
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class PickerMultipleWidget(PickerWidget):
    multiple = True

    def value_from_datadict(self, data, files, name):
        ids = _getlist(data, name)
        if not self.share_label:
            return [(i, None) for i in ids]
        shares = _getlist(data, f"{name}_share")
        shares = shares + [""] * (len(ids) - len(shares))
        return list(zip(ids, shares, strict=False))


def _getlist(data, key) -> list:
    if hasattr(data, "getlist"):
        return list(data.getlist(key))
    value = data.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _int(value) -> int | None:
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= PK_MAX else None


def _not_in_scope(label) -> ValidationError:
    return ValidationError(
        _("%(field)s: no such choice in your scope; type and pick one of the options offered.")
        % {"field": label},
        code="invalid_choice",
    )


class PickerField(_Bindable, forms.ModelChoiceField):
    """One org / worker / user / honour type, chosen with a picker; cleans to the object."""

    widget = PickerWidget

    def __init__(self, kind: str, *, params=None, params_from=None, **kwargs):
        self._setup(kind, params, params_from)
        kwargs.setdefault("widget", PickerWidget(kind=kind, params=params, params_from=params_from))
        super().__init__(queryset=None, **kwargs)

    def bind(self, user, params: Params | None = None) -> None:
        self.params = {**self.params, **(params or {})}
        self.user = user
        self.widget.user = user
        self.widget.params = self.params
        self.queryset = self.scoped_queryset()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Model):
            value = value.pk
        pk = _int(value)
        obj = None
        if pk is not None and self.queryset is not None:
            obj = self.queryset.filter(pk=pk).first()
        if obj is None:
            raise _not_in_scope(self.label or _("This field"))
        return obj

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        initial_pk = initial.pk if isinstance(initial, Model) else initial
        return str(initial_pk or "") != str(data or "")


class PickerMultipleField(_Bindable, forms.Field):
    """An ordered list of objects chosen with a picker; with `share_label`, each row also
    has a share in percent and the field cleans to [(object, Decimal | None)]."""

    widget = PickerMultipleWidget
    default_error_messages = {
        "required": gettext_lazy("Choose at least one."),
        "duplicate": gettext_lazy("%(field)s: %(name)s is chosen twice."),
        "share": gettext_lazy("%(field)s: the share of %(name)s is not a number (%(value)s)."),
    }

    def __init__(self, kind: str, *, params=None, params_from=None, share_label=None, **kwargs):
        self._setup(kind, params, params_from)
        self.share_label = share_label
        kwargs.setdefault(
            "widget",
            PickerMultipleWidget(
                kind=kind, params=params, params_from=params_from, share_label=share_label
            ),
        )
        super().__init__(**kwargs)

    bind = PickerField.bind

    @property
    def queryset(self) -> QuerySet:
        return self.scoped_queryset()

    @queryset.setter
    def queryset(self, value) -> None:  # PickerField.bind sets it; it is always derived
        pass

    def clean(self, value):
        pairs = [(i, s) for i, s in (value or []) if str(i).strip()]
        if not pairs:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        label = self.label or _("This field")
        pks = [_int(i) for i, _s in pairs]
        if any(pk is None for pk in pks):
            raise _not_in_scope(label)
        found = {o.pk: o for o in self.queryset.filter(pk__in=pks)}
        out, seen = [], set()
        for pk, (_i, share_text) in zip(pks, pairs, strict=True):
            obj = found.get(pk)
            if obj is None:
                raise _not_in_scope(label)
            if pk in seen:
                raise ValidationError(
                    self.error_messages["duplicate"] % {"field": label, "name": obj},
                    code="duplicate",
                )
            seen.add(pk)
            out.append((obj, self._share(obj, share_text, label)))
        if not self.share_label:
            return [obj for obj, _s in out]
        return out

    def _share(self, obj, text, label) -> Decimal | None:
        text = str(text or "").strip().rstrip("%％").strip()
        if not self.share_label or not text:
            return None
        try:
            share = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(
                self.error_messages["share"] % {"field": label, "name": obj, "value": text},
                code="share",
            ) from exc
        if not share.is_finite():
            raise ValidationError(
                self.error_messages["share"] % {"field": label, "name": obj, "value": text},
                code="share",
            )
        return share

    def has_changed(self, initial, data):
        return True


PICKER_FIELDS = (PickerField, PickerMultipleField)


def picker_bind(form, user, **params_by_field: Params) -> None:
    """Bind every picker of `form` to `user` (and, per field name, extra source params)."""
    for name, field in form.fields.items():
        if isinstance(field, PICKER_FIELDS):
            field.bind(user, params_by_field.get(name))


class PickerForm(forms.Form):
    """A form whose pickers are scoped to the user it is built with (`picker_params`: extra
    source params per field name, e.g. {"subject": {"campaign": "7"}})."""

    def __init__(self, *args, user=None, picker_params=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        picker_bind(self, user, **(picker_params or {}))
