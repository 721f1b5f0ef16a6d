from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import (
    action_run,
    apply_service_errors,
    form_submit,
    org_picked_in_scope,
    service_call,
)
from jiangxin.orgs.selectors import org_get

from .. import selectors, services
from ..access import campaign_actions, can_manage
from ..enums import EntryStatus, QuotaMethod, Stage
from ..forms import DEFAULT_TIERS, CampaignForm, QuotaForm, TierFormSet
from ..perms import SelectionPerm
from ..subjects import available_kinds
from ._util import int_or_none


def _require_any(request):
    scope = user_scope(request.user)
    if not any(
        scope.has(p) for p in (SelectionPerm.MANAGE, SelectionPerm.NOMINATE, SelectionPerm.SCORE)
    ):
        raise Http404
    return scope


@login_required
@replica_reads
def campaign_list_view(request):
    scope = _require_any(request)
    page = selectors.campaign_list(request.user, cursor=request.GET.get("cursor"))
    return render(
        request,
        "selection/campaign_list.html",
        {
            "page": page,
            "can_create": scope.has(SelectionPerm.MANAGE),
            "is_expert": scope.has(SelectionPerm.SCORE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request):
    scope = user_scope(request.user)
    if not scope.has(SelectionPerm.MANAGE):
        raise Http404
    form = CampaignForm(
        request.POST or None,
        initial={"org": scope.org_id, "year": timezone.localdate().year},
        user=request.user,
    )
    tiers = TierFormSet(
        request.POST or None, prefix="tiers", initial=None if request.POST else DEFAULT_TIERS
    )
    kinds = set(available_kinds())
    form.fields["subject_kind"].choices = [
        c for c in form.fields["subject_kind"].choices if c[0] in kinds
    ]
    tiers_ok = tiers.is_valid() if request.method == "POST" else False
    if (
        request.method == "POST"
        and form.is_valid()
        and tiers_ok
        and (org := org_picked_in_scope(form, "org", partial(org_get, request.user)))
    ):

        def create(**data):
            schedule = {}
            if data.get("nomination_ends"):
                schedule[Stage.NOMINATION] = (None, data["nomination_ends"])
            if data.get("review_ends"):
                schedule[Stage.EXPERT_REVIEW] = (None, data["review_ends"])
            return services.campaign_create(
                actor=request.user,
                org=org,
                title=data["title"],
                year=data["year"],
                subject_kind=data["subject_kind"],
                description=data["description"],
                criteria=data["criteria"],
                tiers=tiers.rows(),
                rules=form.rules_data(),
                aggregation=data["aggregation"],
                normalisation=data["normalisation"],
                blind=data["blind"],
                coi_region_digits=data["coi_region_digits"],
                experts_per_entry=data["experts_per_entry"],
                tie_breaks=data["tie_breaks"],
                announcement_workdays=data["announcement_workdays"],
                quota_method=data["quota_method"],
                schedule=schedule,
            )

        if done := form_submit(
            request, form, create, done=_("Selection created."), formsets={"tiers": tiers}
        ):
            return redirect(done.result)
    return render(
        request,
        "selection/campaign_form.html",
        {"form": form, "tiers": tiers, "title": _("New selection")},
    )


@login_required
@replica_reads
def campaign_detail_view(request, pk: int):
    campaign = selectors.campaign_get(request.user, pk)
    scope = user_scope(request.user)
    return render(
        request,
        "selection/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": {
                EntryStatus(k).label: v for k, v in selectors.campaign_counts(campaign).items()
            },
            "criteria": list(campaign.criteria.all()),
            "tiers": list(campaign.tiers.select_related("honour_type")),
            "schedule": list(campaign.schedule.all()),
            "manage": can_manage(scope, campaign),
            "level": selectors.acting_level(request.user, campaign),
            "can_nominate": scope.has(SelectionPerm.NOMINATE),
            "actions": campaign_actions(scope, campaign),
            "announcement": getattr(campaign, "announcement", None),
        },
    )


STEPS = {
    "formal_check": services.campaign_open_formal_check,
    "expert_review": services.campaign_open_review,
}


@login_required
@require_POST
def campaign_step_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    step = STEPS.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, _("Unknown step."))
    else:
        action_run(
            request,
            step,
            actor=request.user,
            campaign=campaign,
            done=_("The selection moved to the next stage."),
        )
    return redirect(campaign)


@login_required
@require_http_methods(["GET", "POST"])
def quota_view(request, pk: int):
    campaign = selectors.campaign_get(request.user, pk)
    scope = user_scope(request.user)
    parent_id = int_or_none(request.GET.get("parent"))
    if parent_id is None:
        parent = (
            campaign.org
            if can_manage(scope, campaign)
            else selectors.acting_level(request.user, campaign)
        )
        if parent is None:
            raise Http404
    else:
        parent = (
            selectors.sheet_org(request.user, campaign, parent_id)
            if parent_id != campaign.org_id
            else campaign.org
        )
        if parent == campaign.org and not can_manage(scope, campaign):
            raise Http404
    rows = selectors.quota_rows(campaign, parent)
    own = selectors.quota_for(campaign, parent) if parent != campaign.org else None
    bound = request.POST or (request.GET if "method" in request.GET else None)
    form = QuotaForm(bound, children=rows, initial={"method": campaign.quota_method})
    preview = None
    if form.is_bound and form.is_valid() and form.cleaned_data["method"] != QuotaMethod.FIXED:
        previewed = service_call(
            services.quota_preview,
            parent=parent,
            method=form.cleaned_data["method"],
            total=form.cleaned_data.get("total") or 0,
            minimum=form.cleaned_data.get("minimum") or 0,
        )
        if previewed:
            preview = previewed.result
        else:
            apply_service_errors(form, previewed.error)

    def quota_set(*, method, total=None, minimum=None, **_amounts):
        return services.quota_set(
            actor=request.user,
            campaign=campaign,
            parent=parent,
            method=method,
            total=total,
            amounts=form.amounts() if method == QuotaMethod.FIXED else None,
            minimum=minimum or 0,
        )

    if form_submit(request, form, quota_set, done=_("Quotas saved.")):
        return redirect(f"{request.path}?parent={parent.pk}")
    return render(
        request,
        "selection/quotas.html",
        {
            "campaign": campaign,
            "parent": parent,
            "own": own,
            "rows": rows,
            "form": form,
            "preview": preview,
        },
    )
