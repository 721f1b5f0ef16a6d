"""The nomination picker (core.pickers): what a campaign selects — a worker, an
achievement, a studio — in the user's scope, by the start of its name or title (`campaign`
is the campaign's id; a worker is also found as the worker picker finds one)."""

from __future__ import annotations

from django.http import Http404

from jiangxin.core.access import scoped
from jiangxin.core.pickers import picker_register, picker_source

from .selectors import campaign_get
from .subjects import ADAPTERS, SubjectUnavailable, adapter_for

WORKER = "people.Worker"


def _adapter(user, params):
    pk = params.get("campaign", "")
    if user is None or not pk.isdigit():
        return None
    try:
        adapter = adapter_for(campaign_get(user, int(pk)).subject_kind)
        adapter.model()
    except (Http404, SubjectUnavailable):
        return None
    return adapter


def _queryset(user, params):
    adapter = _adapter(user, params)
    if adapter is None:
        from jiangxin.people.models import Worker  # any model: an empty queryset

        return Worker.objects.none()
    qs = scoped(adapter.queryset(), user, adapter.org_field)
    return qs.select_related(adapter.org_field)


def _search(user, q, params):
    adapter = _adapter(user, params)
    if adapter is None:
        return _queryset(user, params)
    if adapter.model_label == WORKER:
        return picker_source("worker").search(user, q, {})
    qs = scoped(adapter.queryset(), user, adapter.org_field).select_related(adapter.org_field)
    return qs.filter(**{f"{adapter.title_field}__startswith": q}).order_by("-pk")


def _for(obj):
    label = obj._meta.label
    return next(a for a in ADAPTERS.values() if a.model_label == label)


def _label(obj) -> str:
    return _for(obj).title(obj)


def _detail(obj) -> str:
    if obj._meta.label == WORKER:
        return picker_source("worker").detail(obj)
    org = _for(obj).org(obj)
    return getattr(org, "name", "")


picker_register(
    "subject",
    queryset=_queryset,
    search=_search,
    label=_label,
    detail=_detail,
    params=("campaign",),
)
