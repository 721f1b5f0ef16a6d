"""Staff pages of studios: HTTP only (parse, call one selector or service, render)."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import action_run, form_submit, inline_validation_response
from jiangxin.core.roles import Perm
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.selectors import org_qs

from . import selectors, services
from .access import require_studio_view
from .enums import StudioLevel, StudioStatus
from .forms import (
    AssessmentForm,
    MemberAddForm,
    NamingForm,
    QuarterlyReportForm,
    ReviewForm,
    RevokeForm,
    StudioApplyForm,
    StudioFactsForm,
)
from .perms import StudioPerm


def _filters(request) -> dict:
    return {
        "status": request.GET.get("status", ""),
        "level": request.GET.get("level", ""),
        "q": request.GET.get("q", "").strip(),
    }


@login_required
@replica_reads
def studio_list_view(request):
    scope = require_studio_view(request.user)
    filters = _filters(request)
    todo = request.GET.get("todo") == "1"
    page = selectors.studio_list(
        request.user, **filters, todo=todo, cursor=request.GET.get("cursor")
    )
    context = {
        "page": page,
        **filters,
        "todo": todo,
        "statuses": StudioStatus.choices,
        "levels": StudioLevel.choices,
        "can_apply": scope.has(StudioPerm.APPLY),
        "can_review": scope.has(StudioPerm.REVIEW),
        "can_export": scope.has(Perm.DATA_EXPORT),
        "can_import": scope.has(StudioPerm.APPLY) and scope.has(Perm.DATA_IMPORT),
    }
    template = (
        "studios/_studio_rows.html"
        if request.htmx and request.htmx.target == "studio-results"
        else "studios/studio_list.html"
    )
    return render(request, template, context)


@login_required
@replica_reads
def studio_export_view(request):
    from jiangxin.core.exports import xlsx_stream_response

    rows = selectors.studio_export_rows(request.user, **_filters(request))
    return xlsx_stream_response(request, rows, filename="studios.xlsx", kind="studios")


@login_required
def studio_detail_view(request, pk: int):
    detail = selectors.studio_detail(request.user, pk)
    return render(
        request,
        "studios/studio_detail.html",
        {"d": detail, "studio": detail.studio, "actions": detail.actions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_apply_view(request):
    scope = user_scope(request.user)
    if not scope.has(StudioPerm.APPLY):
        raise Http404
    home = org_qs(request.user).filter(pk=scope.org_id).first()
    initial = {"host": home} if home is not None and home.kind == OrgKind.ENTERPRISE else {}
    form = StudioApplyForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        if done := form_submit(
            request,
            form,
            partial(services.studio_apply, actor=request.user),
            done=lambda studio: _("“%(name)s” submitted for review.") % {"name": studio.name},
        ):
            return redirect(done.result.get_absolute_url())
    return render(
        request,
        "studios/studio_form.html",
        {
            "form": form,
            "title": _("Apply for an innovation studio"),
            "submit_label": _("Apply"),
            "cancel_url": reverse("studios:list"),
        },
    )


def _action_view(
    request, pk, *, form_class, service, title, done, submit_label, initial=None, rules=False
):
    """A form page for one action on a studio; the service decides whether it may run.
    With `rules`, the page shows the naming rules as the records stand now."""
    studio = selectors.studio_get(request.user, pk)
    checked = selectors.studio_rules_now(studio) if rules else None
    form = form_class(request.POST or None, initial=initial(studio) if initial else None)
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        action = partial(service, actor=request.user, studio=studio)
        if form_submit(request, form, action, done=done % {"name": studio.name}):
            return redirect(studio.get_absolute_url())
    return render(
        request,
        "studios/studio_form.html",
        {
            "form": form,
            "studio": studio,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": studio.get_absolute_url(),
            "rules": checked,
            "rules_failed": sum(1 for r in checked or [] if not r.passed),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_review_view(request, pk: int):
    return _action_view(
        request,
        pk,
        form_class=ReviewForm,
        service=services.studio_review,
        title=_("Review"),
        done=_("Your decision on “%(name)s” is recorded."),
        submit_label=_("Record the decision"),
        rules=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_resubmit_view(request, pk: int):
    return _action_view(
        request,
        pk,
        form_class=StudioFactsForm,
        service=services.studio_resubmit,
        title=_("Submit for review"),
        done=_("“%(name)s” submitted for review."),
        submit_label=_("Submit"),
        initial=lambda s: {
            "name": s.name,
            "field": s.field,
            "level": s.level,
            "established_on": s.established_on,
            "space_m2": s.space_m2,
            "funding_yuan": s.funding_yuan,
            "description": s.description,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_name_view(request, pk: int):
    return _action_view(
        request,
        pk,
        form_class=NamingForm,
        service=services.studio_name,
        title=_("Name the studio"),
        done=_("“%(name)s” is named; its certificate is issued."),
        submit_label=_("Name the studio"),
        initial=lambda s: {"level": s.level},
        rules=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_report_view(request, pk: int):
    return _action_view(
        request,
        pk,
        form_class=QuarterlyReportForm,
        service=services.studio_report_quarter,
        title=_("Quarterly report"),
        done=_("The quarterly report of “%(name)s” is recorded."),
        submit_label=_("Submit the report"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_assess_view(request, pk: int):
    return _action_view(
        request,
        pk,
        form_class=AssessmentForm,
        service=services.studio_assess,
        title=_("Annual assessment"),
        done=_("The assessment of “%(name)s” is recorded."),
        submit_label=_("Record the assessment"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_revoke_view(request, pk: int):
    return _action_view(
        request,
        pk,
        form_class=RevokeForm,
        service=services.studio_revoke,
        title=_("Revoke the studio"),
        done=_("“%(name)s” is revoked."),
        submit_label=_("Revoke"),
    )


@login_required
@require_GET
def studio_certificate_view(request, pk: int):
    from jiangxin.core.audit import audit_record
    from jiangxin.core.documents import render_certificate_pdf, verify_url

    document = selectors.studio_certificate_get(request.user, pk)
    pdf = render_certificate_pdf(document, verify_url=verify_url(request, document))
    audit_record(
        actor=request.user,
        action="document.download",
        obj=document,
        details={"uuid": str(document.uuid), "studio": pk},
    )
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="studio-{pk}-certificate.pdf"'},
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_member_add_view(request, pk: int):
    studio = selectors.studio_get(request.user, pk)
    form = MemberAddForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["worker"] is not None:
        add = partial(services.studio_member_add, actor=request.user, studio=studio)
        if form_submit(
            request,
            form,
            lambda worker, role, joined_on, **_other: add(
                worker=worker, role=role, joined_on=joined_on
            ),
            done=_("%(name)s joined the studio.") % {"name": form.cleaned_data["worker"].name},
        ):
            return redirect(studio.get_absolute_url())
    return render(
        request,
        "studios/studio_form.html",
        {
            "form": form,
            "studio": studio,
            "title": _("Add a member"),
            "submit_label": _("Add"),
            "cancel_url": studio.get_absolute_url(),
        },
    )


@login_required
@require_POST
def studio_member_remove_view(request, pk: int):
    member = selectors.studio_member_get(request.user, pk)
    action_run(
        request,
        services.studio_member_remove,
        actor=request.user,
        member=member,
        done=_("%(name)s left the studio.") % {"name": member.worker.name},
    )
    return redirect(member.studio.get_absolute_url())
