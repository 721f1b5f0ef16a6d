from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.audit import audit_record
from jiangxin.core.forms_htmx import action_run, form_submit

from .. import selectors, services
from ..access import campaign_actions
from ..enums import EntryStatus
from ..forms import AnnouncementForm, DecideForm, InvestigationForm, PublishForm
from ..services.announcements import announcement_is_open, award_rows


@login_required
@require_http_methods(["GET", "POST"])
def announcement_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    announcement = getattr(campaign, "announcement", None)
    form = AnnouncementForm(
        request.POST or None,
        initial={"starts_on": timezone.localdate(), "workdays": campaign.announcement_workdays},
    )
    announcement_open = partial(services.announcement_open, actor=request.user, campaign=campaign)
    if form_submit(request, form, announcement_open, done=_("The public announcement is open.")):
        return redirect("selection:announcement", pk=campaign.pk)
    return render(
        request,
        "selection/announcement.html",
        {
            "campaign": campaign,
            "actions": campaign_actions(user_scope(request.user), campaign),
            "announcement": announcement,
            "is_open": announcement is not None and announcement_is_open(announcement),
            "entries": selectors.public_entries(announcement) if announcement else [],
            "objections": selectors.objection_list(campaign),
            "form": form,
            "publish_form": PublishForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail_view(request, pk: int):
    objection = selectors.objection_get(request.user, pk)
    action = request.POST.get("action", "")
    inv_form = InvestigationForm(request.POST if action == "investigate" else None)
    decide_form = DecideForm(request.POST if action == "decide" else None)
    steps = {
        "investigate": (inv_form, services.objection_investigate, _("Investigation recorded.")),
        "decide": (decide_form, services.objection_decide, _("Objection decided.")),
    }
    if action in steps:
        form, service, done = steps[action]
        step = partial(service, actor=request.user, objection=objection)
        if form_submit(request, form, step, done=done):
            return redirect(request.path)
    return render(
        request,
        "selection/objection.html",
        {
            "objection": objection,
            "campaign": objection.entry.campaign,
            "investigations": list(objection.investigations.select_related("by")),
            "inv_form": inv_form,
            "decide_form": decide_form,
        },
    )


@login_required
@require_POST
def publish_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the decision's document number."))
    else:
        action_run(
            request,
            services.campaign_publish,
            actor=request.user,
            campaign=campaign,
            **form.cleaned_data,
            done=_("Published: the award list and the certificates are issued."),
        )
    return redirect("selection:announcement", pk=campaign.pk)


@login_required
def award_list_pdf_view(request, pk: int):
    from jiangxin.core.documents import render_list_pdf, verify_url

    campaign = selectors.campaign_get_managed(request.user, pk)
    if campaign.award_list_id is None:
        raise Http404
    entries = list(
        campaign.entries.filter(status=EntryStatus.AWARDED)
        .select_related("tier", "org")
        .order_by("tier__position", "rank", "id")
    )
    title = f"{campaign.title} ({campaign.decision_number})"
    pdf = render_list_pdf(
        title,
        [_("No."), _("Award"), _("Name"), _("Organisation")],
        award_rows(entries),
        verify_url=verify_url(request, campaign.award_list),
    )
    audit_record(
        actor=request.user,
        action="document.download",
        obj=campaign.award_list,
        details={"uuid": str(campaign.award_list.uuid)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="award-list-{campaign.pk}.pdf"'
    return response
