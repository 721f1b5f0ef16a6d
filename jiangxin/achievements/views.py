from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import action_run, form_submit
from jiangxin.core.roles import Perm

from . import selectors, services
from .access import achievement_steps, can_patent_step, is_locked_for
from .enums import ATTACHMENT_CONTENT_TYPES, AchievementStatus, PatentStatus
from .forms import (
    AchievementEditForm,
    AchievementForm,
    AttachmentForm,
    BenefitBulkForm,
    BenefitCertifyForm,
    BenefitClaimForm,
    CompletersForm,
    FilterForm,
    PatentForm,
    PatentGrantForm,
    PatentLapseForm,
    PatentRejectForm,
)
from .perms import AchievementPerm


def _require(request, perm: str):
    scope = user_scope(request.user)
    if not scope.has(perm):
        raise Http404
    return scope


def _form_page(request, form, achievement, title, **extra):
    return render(
        request,
        "achievements/achievement_form.html",
        {"form": form, "achievement": achievement, "title": title, **extra},
    )


@login_required
@replica_reads
def achievement_list_view(request):
    scope = _require(request, AchievementPerm.VIEW)
    filters = FilterForm(request.GET or None)
    page = selectors.achievement_list(
        request.user, **filters.filters(), cursor=request.GET.get("cursor")
    )
    context = {
        "page": page,
        "filters": filters,
        "can_manage": scope.has(AchievementPerm.MANAGE),
        "can_export": scope.has(Perm.DATA_EXPORT),
        "can_certify": scope.has(AchievementPerm.BENEFIT_CERTIFY),
        "can_import": scope.has(AchievementPerm.MANAGE) and scope.has(Perm.DATA_IMPORT),
    }
    template = (
        "achievements/_achievement_rows.html"
        if request.htmx and request.htmx.target == "achievement-results"
        else "achievements/achievement_list.html"
    )
    return render(request, template, context)


@login_required
@replica_reads
def achievement_export_view(request):
    from jiangxin.core.exports import xlsx_stream_response

    filters = FilterForm(request.GET or None)
    rows = selectors.achievement_export_rows(request.user, **filters.filters())
    return xlsx_stream_response(request, rows, filename="achievements.xlsx", kind="achievements")


@login_required
def achievement_detail_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    scope = user_scope(request.user)
    benefits = selectors.benefit_list(achievement)
    can_manage = scope.has(AchievementPerm.MANAGE)
    locked = is_locked_for(scope, achievement)
    patents = selectors.patent_list(achievement)
    if can_manage:
        for p in patents:
            p.steps = [
                (reverse(f"achievements:patent_{PATENT_STEPS[s][0]}", args=[p.pk]), step, label)
                for s in PATENT_STEP_ORDER
                if can_patent_step(scope, p, PATENT_STEPS[s][0])
                for step, label in [PATENT_STEPS[s]]
            ]
    transitions = [
        (to, AchievementStatus(to).label) for _action, to in achievement_steps(scope, achievement)
    ]
    return render(
        request,
        "achievements/achievement_detail.html",
        {
            "achievement": achievement,
            "completers": selectors.completer_list(achievement),
            "patents": patents,
            "benefits": benefits,
            "totals": selectors.benefit_total(
                selectors.achievement_qs(request.user).filter(pk=achievement.pk)
            ),
            "attachments": selectors.attachment_list(achievement),
            "can_manage": can_manage and not locked,
            "can_certify": scope.has(AchievementPerm.BENEFIT_CERTIFY),
            "can_edit_patents": can_manage,
            "transitions": transitions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_submit_view(request):
    _require(request, AchievementPerm.MANAGE)
    form = AchievementForm(request.POST or None, user=request.user)
    similar = []
    if request.method == "POST":
        if done := form_submit(
            request,
            form,
            partial(services.achievement_submit, actor=request.user),
            done=lambda a: _("Achievement “%(title)s” recorded.") % {"title": a.title},
        ):
            return redirect(done.result.get_absolute_url())
        similar = selectors.achievement_similar(
            request.user, request.POST.get("title", ""), request.POST.get("description", "")
        )
    return render(
        request,
        "achievements/achievement_submit.html",
        {"form": form, "similar": similar, "title": _("Record an innovation achievement")},
    )


@login_required
def achievement_similar_view(request):
    """The similar-achievements panel of the submission form (htmx, as the title is
    typed)."""
    _require(request, AchievementPerm.VIEW)
    similar = selectors.achievement_similar(
        request.user, request.GET.get("title", ""), request.GET.get("description", "")
    )
    return render(request, "achievements/_similar.html", {"similar": similar})


@login_required
@require_http_methods(["GET", "POST"])
def achievement_edit_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    _require(request, AchievementPerm.MANAGE)
    initial = {f: getattr(achievement, f) for f in services.EDITABLE_FIELDS}
    initial["studio"] = achievement.studio.name if achievement.studio_id else ""
    form = AchievementEditForm(
        request.POST or None,
        initial=initial,
        user=request.user,
        enterprise=achievement.enterprise,
    )
    update = partial(services.achievement_update, actor=request.user, achievement=achievement)
    if form_submit(request, form, update, done=_("Changes saved.")):
        return redirect(achievement.get_absolute_url())
    return _form_page(request, form, achievement, _("Edit %(title)s") % {"title": achievement})


@login_required
@require_http_methods(["GET", "POST"])
def completers_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    _require(request, AchievementPerm.MANAGE)
    completers = [(c.worker, c.share_pct) for c in selectors.completer_list(achievement)]
    form = CompletersForm(
        request.POST or None,
        initial={"completers": completers},
        user=request.user,
        enterprise=achievement.enterprise,
    )
    completer_set = partial(services.completer_set, actor=request.user, achievement=achievement)
    if form_submit(request, form, completer_set, done=_("Completers saved.")):
        return redirect(achievement.get_absolute_url())
    return _form_page(
        request, form, achievement, _("Completers of %(title)s") % {"title": achievement}
    )


@login_required
@require_POST
def achievement_transition_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    action_run(
        request,
        services.achievement_transition,
        actor=request.user,
        achievement=achievement,
        status=request.POST.get("status", ""),
        done=_("Status changed."),
    )
    return redirect("achievements:detail", pk=achievement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def patent_add_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    _require(request, AchievementPerm.MANAGE)
    form = PatentForm(request.POST or None)
    add = partial(services.patent_add, actor=request.user, achievement=achievement)
    if form_submit(request, form, add, done=_("Patent recorded.")):
        return redirect(achievement.get_absolute_url())
    return _form_page(
        request, form, achievement, _("Record a patent of %(title)s") % {"title": achievement}
    )


@login_required
@require_http_methods(["GET", "POST"])
def benefit_claim_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    _require(request, AchievementPerm.MANAGE)
    form = BenefitClaimForm(request.POST or None)
    claim = partial(services.benefit_claim, actor=request.user, achievement=achievement)
    if form_submit(request, form, claim, done=_("Benefit claimed.")):
        return redirect(achievement.get_absolute_url())
    return _form_page(
        request, form, achievement, _("Claim the benefit of %(title)s") % {"title": achievement}
    )


@login_required
@require_http_methods(["GET", "POST"])
def benefit_certify_view(request, pk: int):
    entry = selectors.benefit_entry_get(request.user, pk)
    _require(request, AchievementPerm.BENEFIT_CERTIFY)
    achievement = entry.achievement
    form = BenefitCertifyForm(
        request.POST or None,
        initial={"certified_yuan": entry.certified_yuan or entry.claimed_yuan, "note": entry.note},
    )
    certify = partial(services.benefit_certify, actor=request.user, entry=entry)
    if form_submit(request, form, certify, done=_("Benefit certified.")):
        return redirect(achievement.get_absolute_url())
    return _form_page(
        request,
        form,
        achievement,
        _("Certify the %(year)d benefit of %(title)s") % {"year": entry.year, "title": achievement},
        entry=entry,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add_view(request, pk: int):
    achievement = selectors.achievement_get(request.user, pk)
    _require(request, AchievementPerm.MANAGE)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    attach = partial(services.attachment_add, actor=request.user, achievement=achievement)
    if form_submit(
        request, form, lambda file, note: attach(upload=file, note=note), done=_("File attached.")
    ):
        return redirect(achievement.get_absolute_url())
    return _form_page(
        request,
        form,
        achievement,
        _("Attach a file to %(title)s") % {"title": achievement},
        multipart=True,
    )


@login_required
def attachment_download_view(request, pk: int):
    """Attachments are served only here, to users whose scope covers the enterprise."""
    attachment = selectors.attachment_get(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=ATTACHMENT_CONTENT_TYPES.get(attachment.file_type, "application/octet-stream"),
    )


# A patent's lifecycle steps: target status → (url step, form, service, button label, done).
PATENT_STEP_ORDER = (PatentStatus.GRANTED, PatentStatus.REJECTED, PatentStatus.LAPSED)
PATENT_STEPS = {
    PatentStatus.GRANTED: ("grant", gettext_lazy("Record the grant")),
    PatentStatus.REJECTED: ("reject", gettext_lazy("Record a rejection")),
    PatentStatus.LAPSED: ("lapse", gettext_lazy("Record a lapse")),
}
_STEP_VIEWS = {
    "grant": (
        PatentGrantForm,
        services.patent_grant,
        gettext_lazy("Record the grant of patent %(number)s"),
        gettext_lazy("Grant recorded."),
    ),
    "reject": (
        PatentRejectForm,
        services.patent_reject,
        gettext_lazy("Record the rejection of patent application %(number)s"),
        gettext_lazy("Rejection recorded."),
    ),
    "lapse": (
        PatentLapseForm,
        services.patent_lapse,
        gettext_lazy("Record the lapse of patent %(number)s"),
        gettext_lazy("Lapse recorded."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def patent_step_view(request, pk: int, step: str):
    """Grant, reject or lapse one patent (a form page linked from the achievement)."""
    patent = selectors.patent_get(request.user, pk)
    _require(request, AchievementPerm.MANAGE)
    form_class, service, title, done = _STEP_VIEWS[step]
    achievement = patent.achievement
    form = form_class(request.POST or None)
    if form_submit(
        request, form, partial(service, actor=request.user, patent=patent), done=str(done)
    ):
        return redirect(achievement.get_absolute_url())
    return _form_page(
        request,
        form,
        achievement,
        str(title) % {"number": patent.application_number},
        patent=patent,
    )


@login_required
@require_http_methods(["GET", "POST"])
@replica_reads
def benefit_bulk_view(request):
    """Claimed benefit waiting for certification in the federation's scope: tick many,
    certify once."""
    _require(request, AchievementPerm.BENEFIT_CERTIFY)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    form = BenefitBulkForm(request.POST or None)
    if form_submit(
        request,
        form,
        partial(services.benefit_certify_many, actor=request.user),
        done=lambda rows: (
            ngettext(
                "%(n)d benefit entry certified.", "%(n)d benefit entries certified.", len(rows)
            )
            % {"n": len(rows)}
        ),
    ):
        return redirect(request.get_full_path())
    page = selectors.benefit_claims_pending(
        request.user, year=year, cursor=request.GET.get("cursor")
    )
    ticked = set(form.data.getlist("entries")) if form.is_bound else set()
    return render(
        request,
        "achievements/benefit_bulk.html",
        {"page": page, "form": form, "year": year or "", "ticked": ticked},
    )
