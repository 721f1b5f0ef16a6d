from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import action_run, form_submit, service_call

from .. import selectors, services
from ..domain.workflow import CAMPAIGN
from ..enums import ScorecardStatus
from ..forms import CloseReviewForm, ExpertProfileForm, PanelForm
from ..services.review import expert_pool
from ._util import int_or_none


def _pool_params(campaign) -> dict:
    """The expert pickers offer this campaign's pool."""
    return {name: {"campaign": str(campaign.pk)} for name in ("expert", "experts")}


def _pickers(request, campaign) -> dict:
    return {"user": request.user, "picker_params": _pool_params(campaign)}


def _experts_page(request, campaign, *, panel_form=None, profile_form=None, close_form=None):
    """The expert pool and profiles, panels, the assignment with its COI report, and
    closing the review; each action posts to its own view, which re-renders this page with
    its bound form when the input is bad."""
    pool = expert_pool(campaign)
    return render(
        request,
        "selection/experts.html",
        {
            "campaign": campaign,
            "pool": pool,
            "panels": selectors.panel_list(campaign),
            "conflicts": selectors.coi_report(campaign),
            "counts": selectors.assignment_counts(campaign),
            "panel_form": panel_form or PanelForm(**_pickers(request, campaign)),
            "profile_form": profile_form or ExpertProfileForm(**_pickers(request, campaign)),
            "close_form": close_form or CloseReviewForm(),
        },
    )


@login_required
@require_GET
def experts_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    return _experts_page(request, campaign)


@login_required
@require_POST
def panel_create_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    form = PanelForm(request.POST, **_pickers(request, campaign))
    create = partial(services.panel_create, actor=request.user, campaign=campaign)
    if form_submit(
        request,
        form,
        lambda name, field, experts, **_other: create(
            name=name, field=field, expert_ids=[u.pk for u in experts]
        ),
        done=_("Panel created."),
    ):
        return redirect("selection:experts", pk=campaign.pk)
    return _experts_page(request, campaign, panel_form=form)


@login_required
@require_POST
def expert_profile_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    form = ExpertProfileForm(request.POST, **_pickers(request, campaign))

    def profile_set(*, expert, fields_text, speciality, region_code, employer=None, **_other):
        return services.expert_profile_set(
            actor=request.user,
            campaign=campaign,
            expert=expert,
            fields=fields_text.replace("，", ",").split(","),
            speciality=speciality,
            employer=employer,  # the picker only offers orgs in scope
            region_code=region_code,
        )

    if form_submit(request, form, profile_set, done=_("Expert profile saved.")):
        return redirect("selection:experts", pk=campaign.pk)
    return _experts_page(request, campaign, profile_form=form)


@login_required
@require_POST
def experts_assign_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    outcome = action_run(request, services.experts_assign, actor=request.user, campaign=campaign)
    if not outcome:
        return redirect("selection:experts", pk=campaign.pk)
    report = outcome.result
    messages.success(
        request,
        _("%(n)d scorecards assigned; %(x)d expert–entry pairs excluded for conflicts of interest.")
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
    return redirect("selection:experts", pk=campaign.pk)


@login_required
@require_POST
def review_close_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    form = CloseReviewForm(request.POST)
    if form.is_valid():
        closed = action_run(
            request,
            services.campaign_close_review,
            actor=request.user,
            campaign=campaign,
            force=form.cleaned_data["force"],
            done=_("The review is closed and the ranking computed."),
        )
        return redirect("selection:results" if closed else "selection:experts", pk=campaign.pk)
    return _experts_page(request, campaign, close_form=form)


@login_required
@replica_reads
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
        "editable": card.status == ScorecardStatus.DRAFT and CAMPAIGN.can(campaign.stage, "score"),
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
    if version is None:
        error = _("Reload the page: the scorecard's version is missing.")
    else:
        saved = service_call(
            services.scorecard_save,
            actor=request.user,
            scorecard=card,
            version=version,
            scores=scores,
        )
        # the criterion's own row shows the message: no field name before it
        error = "" if saved else " ".join(saved.error.messages)
        card = saved.result if saved else selectors.scorecard_get(request.user, pk)
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
    codes = {c.code for c in card.campaign.criteria.all()}
    submitted = action_run(
        request,
        services.scorecard_submit,
        actor=request.user,
        scorecard=card,
        version=int_or_none(request.POST.get("version")) or 0,
        scores={k: v for k, v in request.POST.items() if k in codes},
        done=_("Scorecard submitted."),
    )
    if not submitted:
        return redirect("selection:scorecard", pk=pk)
    return redirect("selection:my_scorecards")


@login_required
@replica_reads
def results_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    page = selectors.results_page(campaign, cursor=request.GET.get("cursor"))
    return render(
        request,
        "selection/results.html",
        {"campaign": campaign, "page": page, "tiers": list(campaign.tiers.all())},
    )


@login_required
@replica_reads
def results_export_view(request, pk: int):
    from jiangxin.core.exports import xlsx_stream_response

    campaign = selectors.campaign_get_managed(request.user, pk)
    return xlsx_stream_response(
        request,
        selectors.ranking_export_rows(campaign),
        filename=f"ranking-{campaign.pk}.xlsx",
        kind="selection.ranking",
    )
