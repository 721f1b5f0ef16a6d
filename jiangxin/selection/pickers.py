"""The selection pickers (core.pickers), both given `campaign` (the campaign's id):

* "subject": what a campaign selects — a worker, an achievement, a studio — in the
  user's scope, by the start of its name or title (a worker as the worker picker finds one);
* "expert": the campaign's expert pool (its managers only), by the start of the user name
  or display name."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from jiangxin.core.access import scoped
from jiangxin.core.pickers import picker_register, picker_source

from .selectors import campaign_get, campaign_get_managed
from .subjects import SubjectUnavailable, adapter_for, adapters

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
    return next(a for a in adapters().values() if a.model_label == label)


def _label(obj) -> str:
    return _for(obj).title(obj)


def _detail(obj) -> str:
    if obj._meta.label == WORKER:
        return picker_source("worker").detail(obj)
    org = _for(obj).org(obj)
    return getattr(org, "name", "")


def _pool(user, params):
    from jiangxin.accounts.models import User
    from jiangxin.accounts.selectors import users_among

    from .services.review import expert_pool

    pk = params.get("campaign", "")
    if user is None or not pk.isdigit():
        return User.objects.none()
    try:
        campaign = campaign_get_managed(user, int(pk))
    except Http404:
        return User.objects.none()
    return users_among([u.pk for u in expert_pool(campaign)])


def _expert_search(user, q, params):
    top = "\U0010ffff"
    return (
        _pool(user, params)
        .filter(
            Q(username__startswith=q, username__range=(q, q + top)) | Q(display_name__startswith=q)
        )
        .select_related("home_org")
        .order_by("username")
    )


def _expert_detail(expert) -> str:
    home = expert.home_org.name if expert.home_org_id else ""
    return " · ".join(p for p in (expert.username, home) if p)


picker_register(
    "expert", queryset=_pool, search=_expert_search, detail=_expert_detail, params=("campaign",)
)
picker_register(
    "subject",
    queryset=_queryset,
    search=_search,
    label=_label,
    detail=_detail,
    params=("campaign",),
)
