"""The creation-rate pages: the rate of an org with its drill-down chart, the list of
those without a studio, and the target form."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import form_submit
from jiangxin.orgs.selectors import org_ancestors, org_get

from . import creation_rate as creation_rate_module
from . import selectors, services
from .access import require_studio_view
from .forms import TargetForm
from .perms import StudioPerm


def _org(request, org_pk: int | None):
    scope = require_studio_view(request.user)
    return org_get(request.user, org_pk if org_pk is not None else scope.org_id)


@login_required
@replica_reads
def creation_rate_view(request, org_pk: int | None = None):
    org = _org(request, org_pk)
    show_all = request.GET.get("all") == "1"
    rate = selectors.creation_rate(
        request.user, org, limit=None if show_all else creation_rate_module.SHOWN_CHILDREN
    )
    chart = selectors.creation_rate_chart(rate)
    chart["urls"] = [reverse("studios:rate_org", args=[pk]) for pk in chart["ids"]]
    return render(
        request,
        "studios/creation_rate.html",
        {
            "org": org,
            "rate": rate,
            "rows": rate.children,
            "hidden": rate.hidden,
            "chart": chart,
            "breadcrumb": org_ancestors(request.user, org),
            "can_set_target": user_scope(request.user).has(StudioPerm.REVIEW),
        },
    )


@login_required
@replica_reads
def creation_rate_without_view(request, org_pk: int):
    org = _org(request, org_pk)
    page = selectors.creation_rate_gaps(request.user, org, cursor=request.GET.get("cursor"))
    return render(
        request,
        "studios/creation_rate_without.html",
        {"org": org, "page": page, "breadcrumb": org_ancestors(request.user, org)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def creation_rate_target_view(request, org_pk: int):
    org = _org(request, org_pk)
    form = TargetForm(request.POST or None)
    target_set = partial(services.creation_rate_target_set, actor=request.user, org=org)
    if form_submit(request, form, target_set, done=_("The target is set.")):
        return redirect("studios:rate_org", org_pk=org.pk)
    return render(
        request,
        "studios/studio_form.html",
        {
            "form": form,
            "title": _("Creation-rate target for %(org)s") % {"org": org.name},
            "submit_label": _("Set the target"),
            "cancel_url": reverse("studios:rate_org", args=[org.pk]),
        },
    )
