"""Competition and registration pages: HTTP only (parse, call one selector or service,
render)."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import action_run, form_submit, inline_validation_response
from jiangxin.core.roles import Perm

from . import selectors, services
from .access import require_competition_view
from .enums import CompetitionLevel, CompetitionStatus, RegistrationStatus
from .forms import (
    CompetitionCreateForm,
    CompetitionFactsForm,
    QuotaForm,
    ReasonForm,
    SelfRegisterForm,
    StageForm,
    SubstituteForm,
    TrackForm,
    WithdrawForm,
)
from .perms import CompetitionPerm


def _int(value) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 < n < 2**53 else None


def _form_page(request, form, *, title, submit_label, cancel_url, context=None):
    return render(
        request,
        "competitions/form.html",
        {
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            **(context or {}),
        },
    )


@login_required
@replica_reads
def competition_list_view(request):
    scope = require_competition_view(request.user)
    filters = {
        "status": request.GET.get("status", ""),
        "level": request.GET.get("level", ""),
        "year": _int(request.GET.get("year")),
        "q": request.GET.get("q", "").strip(),
    }
    page = selectors.competition_list(request.user, **filters, cursor=request.GET.get("cursor"))
    template = (
        "competitions/_competition_rows.html"
        if request.htmx and request.htmx.target == "competition-results"
        else "competitions/competition_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            **filters,
            "statuses": CompetitionStatus.choices,
            "levels": CompetitionLevel.choices,
            "can_create": scope.has(CompetitionPerm.MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_create_view(request):
    if not user_scope(request.user).has(CompetitionPerm.MANAGE):
        raise Http404
    form = CompetitionCreateForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        if done := form_submit(
            request,
            form,
            partial(services.competition_create, actor=request.user),
            done=lambda c: _("“%(title)s” created.") % {"title": c.title},
        ):
            return redirect(done.result.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Create a competition"),
        submit_label=_("Create"),
        cancel_url=reverse("competitions:list"),
    )


@login_required
def competition_detail_view(request, pk: int):
    d = selectors.competition_detail(request.user, pk)
    scope = user_scope(request.user)
    return render(
        request,
        "competitions/competition_detail.html",
        {
            "d": d,
            "competition": d.competition,
            "can_edit": "edit" in d.actions,
            "steps": sorted(d.actions - {"edit", "register", "approve"}),
            "can_import": scope.has(CompetitionPerm.REGISTER) and scope.has(Perm.DATA_IMPORT),
            "statuses": dict(RegistrationStatus.choices),
        },
    )


def _facts(competition) -> dict:
    return {k: getattr(competition, k) for k in CompetitionFactsForm.base_fields}


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit_view(request, pk: int):
    competition = selectors.competition_get(request.user, pk)
    form = CompetitionFactsForm(request.POST or None, initial=_facts(competition))
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        action = partial(services.competition_update, actor=request.user, competition=competition)
        if form_submit(request, form, action, done=_("Saved.")):
            return redirect(competition.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Change the competition"),
        submit_label=_("Save"),
        cancel_url=competition.get_absolute_url(),
        context={"competition": competition},
    )


@login_required
@require_POST
def competition_step_view(request, pk: int):
    competition = selectors.competition_get(request.user, pk)
    action_run(
        request,
        services.competition_step,
        actor=request.user,
        competition=competition,
        step=request.POST.get("step", ""),
        done=_("Done."),
    )
    return redirect(competition.get_absolute_url())


def _part_view(request, pk, *, form_class, service, part=None, title, initial=None, **extra):
    competition = selectors.competition_get(request.user, pk)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        action = partial(service, actor=request.user, competition=competition, **extra)
        if form_submit(request, form, action, done=_("Saved.")):
            return redirect(competition.get_absolute_url())
    return _form_page(
        request,
        form,
        title=title,
        submit_label=_("Save"),
        cancel_url=competition.get_absolute_url(),
        context={"competition": competition},
    )


@login_required
@require_http_methods(["GET", "POST"])
def track_create_view(request, pk: int):
    return _part_view(
        request, pk, form_class=TrackForm, service=services.track_save, title=_("Add a track")
    )


@login_required
@require_http_methods(["GET", "POST"])
def track_edit_view(request, pk: int, track_pk: int):
    competition = selectors.competition_get(request.user, pk)
    track = selectors.track_get(competition, track_pk)
    initial = {k: getattr(track, k) for k in TrackForm.base_fields}
    return _part_view(
        request,
        pk,
        form_class=TrackForm,
        service=services.track_save,
        title=_("Change the track"),
        initial=initial,
        track=track,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_create_view(request, pk: int):
    return _part_view(
        request, pk, form_class=StageForm, service=services.stage_save, title=_("Add a stage")
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit_view(request, pk: int, stage_pk: int):
    competition = selectors.competition_get(request.user, pk)
    stage = selectors.stage_get(competition, stage_pk)
    initial = {k: getattr(stage, k) for k in StageForm.base_fields}
    return _part_view(
        request,
        pk,
        form_class=StageForm,
        service=services.stage_save,
        title=_("Change the stage"),
        initial=initial,
        stage=stage,
    )


@login_required
@require_http_methods(["GET", "POST"])
def quota_view(request, pk: int, stage_pk: int):
    """Share the stage's places among the children of the user's own org (the organiser
    shares among its cities, a city among its counties …)."""
    competition = selectors.competition_get(request.user, pk)
    stage = selectors.stage_get(competition, stage_pk)
    parent = selectors.quota_parent(request.user, competition)
    form = QuotaForm(request.POST or None)
    if request.method == "POST":
        action = partial(services.quota_set, actor=request.user, stage=stage, parent=parent)
        if form_submit(request, form, action, done=_("Quotas set.")):
            return redirect(competition.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Share the places of %(stage)s below %(org)s")
        % {"stage": stage.get_kind_display(), "org": parent.name},
        submit_label=_("Set quotas"),
        cancel_url=competition.get_absolute_url(),
        context={"competition": competition},
    )


# --- registrations -------------------------------------------------------------------


def _reg_filters(request) -> dict:
    return {
        "competition": _int(request.GET.get("competition")),
        "track": _int(request.GET.get("track")),
        "status": request.GET.get("status", ""),
        "q": request.GET.get("q", "").strip(),
        "todo": request.GET.get("todo") == "1",
    }


@login_required
@replica_reads
def registration_list_view(request):
    scope = require_competition_view(request.user)
    filters = _reg_filters(request)
    page = selectors.registration_list(request.user, **filters, cursor=request.GET.get("cursor"))
    template = (
        "competitions/_registration_rows.html"
        if request.htmx and request.htmx.target == "registration-results"
        else "competitions/registration_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            **filters,
            "statuses": RegistrationStatus.choices,
            "can_export": scope.has(Perm.DATA_EXPORT),
        },
    )


@login_required
@replica_reads
def registration_export_view(request):
    from jiangxin.core.export_jobs import export_start

    return export_start(request, "competition_registrations", _reg_filters(request))


@login_required
def registration_detail_view(request, pk: int):
    reg, actions = selectors.registration_detail(request.user, pk)
    return render(
        request,
        "competitions/registration_detail.html",
        {"reg": reg, "actions": actions, "competition": reg.track.competition},
    )


@login_required
@require_POST
def registration_approve_view(request, pk: int):
    reg = selectors.registration_get(request.user, pk)
    action_run(
        request,
        services.registration_approve,
        actor=request.user,
        registration=reg,
        done=_("Approved."),
    )
    if request.htmx:
        reg, actions = selectors.registration_detail(request.user, pk)
        return render(
            request, "competitions/_registration_actions.html", {"reg": reg, "actions": actions}
        )
    return redirect(reg.get_absolute_url())


def _reg_form_view(request, pk, *, form_class, service, title, submit_label, done):
    reg = selectors.registration_get(request.user, pk)
    form = form_class(
        request.POST or None, **({"user": request.user} if form_class is SubstituteForm else {})
    )
    if request.method == "POST":
        action = partial(service, actor=request.user, registration=reg)
        if outcome := form_submit(request, form, action, done=done):
            return redirect(outcome.result.get_absolute_url())
    return _form_page(
        request,
        form,
        title=title,
        submit_label=submit_label,
        cancel_url=reg.get_absolute_url(),
        context={"reg": reg},
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_reject_view(request, pk: int):
    return _reg_form_view(
        request,
        pk,
        form_class=ReasonForm,
        service=services.registration_reject,
        title=_("Reject the registration"),
        submit_label=_("Reject"),
        done=_("Rejected."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_withdraw_view(request, pk: int):
    return _reg_form_view(
        request,
        pk,
        form_class=WithdrawForm,
        service=services.registration_withdraw,
        title=_("Withdraw the registration"),
        submit_label=_("Withdraw"),
        done=_("Withdrawn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_substitute_view(request, pk: int):
    return _reg_form_view(
        request,
        pk,
        form_class=SubstituteForm,
        service=services.registration_substitute,
        title=_("Substitute another worker"),
        submit_label=_("Substitute"),
        done=_("The substitute takes the place."),
    )


# --- the worker's own page -----------------------------------------------------------


@login_required
@replica_reads
def my_competitions_view(request):
    if not user_scope(request.user).has(CompetitionPerm.ENTER):
        raise Http404
    mine = selectors.my_competitions(request.user)
    return render(request, "competitions/mine.html", {"mine": mine, "form": SelfRegisterForm()})


@login_required
@require_POST
def self_register_view(request, track_pk: int):
    track, worker = selectors.my_open_track(request.user, track_pk)
    form = SelfRegisterForm(request.POST)
    form.is_valid()
    action_run(
        request,
        services.registration_submit,
        actor=request.user,
        track=track,
        worker=worker,
        team_name=form.cleaned_data.get("team_name", ""),
        is_leader=form.cleaned_data.get("is_leader", False),
        done=_("You are registered for “%(track)s”.") % {"track": track.name},
    )
    return redirect("competitions:mine")
