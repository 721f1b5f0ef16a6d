from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.forms_htmx import apply_service_errors
from jiangxin.orgs.selectors import org_get

from .. import selectors, services
from ..forms import CloseReviewForm, ExpertProfileForm, PanelForm
from ..services.review import expert_pool
from ._util import flash_errors, int_or_none


def _pool_params(campaign) -> dict:
    """The expert pickers offer this campaign's pool."""
    return {name: {"campaign": str(campaign.pk)} for name in ("expert", "experts")}


@login_required
@require_http_methods(["GET", "POST"])
def experts_view(request, pk: int):
    """The expert pool and profiles, panels, assignment with its COI report, and closing
    the review."""
    campaign = selectors.campaign_get_managed(request.user, pk)
    pool = expert_pool(campaign)
    action = request.POST.get("action", "")
    pickers = {"user": request.user, "picker_params": _pool_params(campaign)}
    panel_form = PanelForm(request.POST if action == "panel" else None, **pickers)
    profile_form = ExpertProfileForm(request.POST if action == "profile" else None, **pickers)
    close_form = CloseReviewForm(request.POST if action == "close" else None)
    if request.method == "POST":
        try:
            if action == "panel" and panel_form.is_valid():
                d = panel_form.cleaned_data
                services.panel_create(
                    actor=request.user,
                    campaign=campaign,
                    name=d["name"],
                    field=d["field"],
                    expert_ids=[u.pk for u in d["experts"]],
                )
                messages.success(request, _("Panel created."))
                return redirect(request.path)
            if action == "profile" and profile_form.is_valid():
                d = profile_form.cleaned_data
                employer = org_get(request.user, d["employer"].pk) if d.get("employer") else None
                expert = d["expert"]
                services.expert_profile_set(
                    actor=request.user,
                    campaign=campaign,
                    expert=expert,
                    fields=d["fields_text"].replace("，", ",").split(","),
                    speciality=d["speciality"],
                    employer=employer,
                    region_code=d["region_code"],
                )
                messages.success(request, _("Expert profile saved."))
                return redirect(request.path)
            if action == "assign":
                report = services.experts_assign(actor=request.user, campaign=campaign)
                messages.success(
                    request,
                    _(
                        "%(n)d scorecards assigned; %(x)d expert–entry pairs excluded for conflicts of interest."
                    )
                    % {"n": report.assigned, "x": report.excluded},
                )
                for entry, found in report.short:
                    messages.warning(
                        request,
                        _("%(title)s has only %(n)d experts without a conflict.")
                        % {"title": entry.title, "n": found},
                    )
                for entry in report.no_panel:
                    messages.warning(
                        request, _("No panel for the field of %(title)s.") % {"title": entry.title}
                    )
                return redirect(request.path)
            if action == "close" and close_form.is_valid():
                services.campaign_close_review(
                    actor=request.user, campaign=campaign, force=close_form.cleaned_data["force"]
                )
                messages.success(request, _("The review is closed and the ranking computed."))
                return redirect("selection:results", pk=campaign.pk)
        except ValidationError as exc:
            form = {"panel": panel_form, "profile": profile_form}.get(action)
            if form is not None:
                apply_service_errors(form, exc)
            else:
                flash_errors(request, exc)
    return render(
        request,
        "selection/experts.html",
        {
            "campaign": campaign,
            "pool": pool,
            "panels": selectors.panel_list(campaign),
            "conflicts": selectors.coi_report(campaign),
            "counts": selectors.assignment_counts(campaign),
            "panel_form": panel_form,
            "profile_form": profile_form,
            "close_form": close_form,
        },
    )


@login_required
def my_scorecards_view(request):
    page = selectors.my_scorecards(request.user, cursor=request.GET.get("cursor"))
    return render(request, "selection/my_scorecards.html", {"page": page})


def _card_context(card, error: str = "") -> dict:
    campaign = card.campaign
    criteria = list(campaign.criteria.all())
    people = [] if campaign.blind else selectors.subject_people(card.entry)
    return {
        "card": card,
        "campaign": campaign,
        "blind": campaign.blind,
        "people": people,
        "rows": [(c, card.scores.get(c.code, "")) for c in criteria],
        "error": error,
        "editable": card.status == "draft" and campaign.stage == "expert_review",
    }


@login_required
def scorecard_view(request, pk: int):
    card = selectors.scorecard_get(request.user, pk)
    return render(request, "selection/scorecard.html", _card_context(card))


@login_required
@require_POST
def scorecard_save_view(request, pk: int):
    """Autosave (htmx, one criterion at a time) or a plain POST of the whole card."""
    card = selectors.scorecard_get(request.user, pk)
    codes = {c.code for c in card.campaign.criteria.all()}
    scores = {k: v for k, v in request.POST.items() if k in codes}
    version = int_or_none(request.POST.get("version"))
    error = ""
    try:
        if version is None:
            raise ValidationError(
                {"version": _("Reload the page: the scorecard's version is missing.")}
            )
        card = services.scorecard_save(
            actor=request.user, scorecard=card, version=version, scores=scores
        )
    except ValidationError as exc:
        error = " ".join(
            m
            for ms in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages])
            for m in ms
        )
        card = selectors.scorecard_get(request.user, pk)
    if request.htmx:
        return render(
            request,
            "selection/_scorecard_status.html",
            {"card": card, "error": error, "saved": not error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Scores saved."))
    return redirect("selection:scorecard", pk=pk)


@login_required
@require_POST
def scorecard_submit_view(request, pk: int):
    card = selectors.scorecard_get(request.user, pk)
    try:
        services.scorecard_submit(
            actor=request.user,
            scorecard=card,
            version=int_or_none(request.POST.get("version")) or 0,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("selection:scorecard", pk=pk)
    messages.success(request, _("Scorecard submitted."))
    return redirect("selection:my_scorecards")


@login_required
def results_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    page = selectors.results_page(campaign, cursor=request.GET.get("cursor"))
    return render(
        request,
        "selection/results.html",
        {"campaign": campaign, "page": page, "tiers": list(campaign.tiers.all())},
    )


@login_required
def results_export_view(request, pk: int):
    from jiangxin.core.exports import xlsx_stream_response

    campaign = selectors.campaign_get_managed(request.user, pk)
    return xlsx_stream_response(
        request,
        selectors.ranking_export_rows(campaign),
        filename=f"ranking-{campaign.pk}.xlsx",
        kind="selection.ranking",
    )
