from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import (
    action_run,
    enable_inline_validation,
    form_submit,
    inline_validation_response,
    org_picked_in_scope,
)
from jiangxin.core.roles import Perm
from jiangxin.orgs.selectors import org_get

from . import selectors, services
from .forms import (
    HonourForm,
    HonourRejectForm,
    ProfileForm,
    PromotionForm,
    WorkerEditForm,
    WorkerForm,
)
from .passport import passport_facts, passport_timeline
from .perms import PeoplePerm


def _employer(request, form):
    return org_picked_in_scope(form, "employer", partial(org_get, request.user))


@login_required
@require_http_methods(["GET", "POST"])
@replica_reads
def worker_list_view(request):
    scope = user_scope(request.user)
    if not scope.has(PeoplePerm.VIEW):
        raise Http404
    q = request.GET.get("q", "").strip()
    resident_id = ""
    if request.method == "POST":  # lookup by ID number: in the body, never in a URL
        resident_id, q = request.POST.get("resident_id", "").strip(), ""
    elif selectors.looks_like_resident_id(q):
        messages.warning(
            request,
            _(
                "To find a worker by ID number, use “Find by ID number”: ID numbers never go into a web address."
            ),
        )
        q = ""
    page = selectors.worker_list(
        request.user, q=q, resident_id=resident_id, cursor=request.GET.get("cursor")
    )
    context = {
        "resident_id_searched": bool(resident_id),
        "page": page,
        "q": q,
        "can_manage": scope.has(PeoplePerm.MANAGE),
        "can_export": scope.has(Perm.DATA_EXPORT),
        "can_unmask": scope.has(PeoplePerm.PII_UNMASK) and scope.has(Perm.DATA_EXPORT),
        "awaiting": selectors.honours_awaiting_count(request.user),
    }
    template = (
        "people/_worker_rows.html"
        if request.htmx and request.htmx.target == "worker-results"
        else "people/worker_list.html"
    )
    return render(request, template, context)


@login_required
def worker_detail_view(request, pk: int):
    worker = selectors.worker_get(request.user, pk)
    scope = user_scope(request.user)
    return render(
        request,
        "people/worker_detail.html",
        {
            "worker": worker,
            "honours": selectors.honour_list(request.user, worker),
            "promotions": selectors.promotion_list(worker),
            "documents": [e for e in passport_timeline(worker) if e.download_url],
            "can_manage": scope.has(PeoplePerm.MANAGE),
            "can_unmask": scope.has(PeoplePerm.PII_UNMASK),
        },
    )


@login_required
@require_POST
def worker_unmask_view(request, pk: int):
    worker = selectors.worker_get(request.user, pk)
    value = services.worker_unmask(actor=request.user, worker=worker)
    return HttpResponse(format_html('<code id="jx-full-id">{}</code>', value))


@login_required
@require_http_methods(["GET", "POST"])
def worker_create_view(request):
    if not user_scope(request.user).has(PeoplePerm.MANAGE):
        raise Http404
    form = enable_inline_validation(
        WorkerForm(
            request.POST or None,
            initial={"employer": user_scope(request.user).org_id},
            user=request.user,
        ),
        request.path,
    )
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        if form.is_valid() and (employer := _employer(request, form)):
            register = partial(services.worker_register, actor=request.user)
            if done := form_submit(
                request,
                form,
                lambda gender, **data: register(
                    **{**data, "employer": employer, "gender": gender or None}
                ),
                done=lambda worker: _("Worker %(name)s registered.") % {"name": worker.name},
            ):
                return redirect("people:worker_detail", pk=done.result.pk)
    return render(
        request, "people/worker_form.html", {"form": form, "title": _("Register a worker")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def worker_edit_view(request, pk: int):
    worker = selectors.worker_get(request.user, pk)
    if not user_scope(request.user).has(PeoplePerm.MANAGE):
        raise Http404
    initial = {
        f: getattr(worker, f) for f in services.WORKER_FIELDS if f in WorkerEditForm.base_fields
    }
    initial["employer"] = worker.employer_id
    form = WorkerEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid() and (employer := _employer(request, form)):
        update = partial(services.worker_update, actor=request.user, worker=worker)
        if form_submit(
            request,
            form,
            lambda **data: update(**{**data, "employer": employer}),
            done=_("Changes saved."),
        ):
            return redirect("people:worker_detail", pk=worker.pk)
    return render(
        request,
        "people/worker_form.html",
        {"form": form, "worker": worker, "title": _("Edit %(name)s") % {"name": worker.name}},
    )


def _worker_record_view(request, pk: int, *, form_class, service, done: str, title: str):
    """A form that adds one record to a worker (an honour, a skill level) through a service."""
    worker = selectors.worker_get(request.user, pk)
    form = form_class(request.POST or None, user=request.user)
    if form_submit(request, form, partial(service, actor=request.user, worker=worker), done=done):
        return redirect("people:worker_detail", pk=worker.pk)
    context = {"form": form, "worker": worker, "title": title % {"name": worker.name}}
    return render(request, "people/worker_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def honour_add_view(request, pk: int):
    return _worker_record_view(
        request,
        pk,
        form_class=HonourForm,
        service=services.honour_award,
        done=_("Honour recorded."),
        title=_("Record an honour for %(name)s"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def promotion_add_view(request, pk: int):
    return _worker_record_view(
        request,
        pk,
        form_class=PromotionForm,
        service=services.skill_promote,
        done=_("Skill level recorded."),
        title=_("Record a skill level for %(name)s"),
    )


@login_required
def passport_view(request, pk: int):
    worker = selectors.worker_get(request.user, pk)
    return render(
        request, "people/passport.html", {"worker": worker, "timeline": passport_timeline(worker)}
    )


@login_required
def passport_pdf_view(request, pk: int):
    from jiangxin.core.documents import document_issue, render_certificate_pdf, verify_url

    worker = selectors.worker_get(request.user, pk)
    facts = passport_facts(
        worker, passport_timeline(worker), verify_url_of=partial(verify_url, request)
    )
    document = document_issue(
        actor=request.user,
        kind="passport",
        title=_("Talent passport"),
        holder_name=worker.name,
        org=worker.employer,
        facts=facts,
    )
    pdf = render_certificate_pdf(document, verify_url=verify_url(request, document))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="passport-{worker.pk}.pdf"'
    return response


@login_required
@replica_reads
def worker_export_view(request):
    from jiangxin.core.exports import xlsx_stream_response

    unmasked = request.GET.get("unmasked") == "1"
    if unmasked:
        services.worker_export_unmask_check(actor=request.user)
    rows = selectors.worker_export_rows(
        request.user, q=request.GET.get("q", "").strip(), unmasked=unmasked
    )
    return xlsx_stream_response(
        request, rows, filename="workers.xlsx", kind="workers-unmasked" if unmasked else "workers"
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_profile_view(request):
    worker = selectors.worker_of_user(request.user)
    if worker is None:
        raise Http404
    form = ProfileForm(
        request.POST or None,
        initial={
            "mobile": worker.mobile,
            "bio": worker.bio,
            "showcase_consent": worker.showcase_consent,
        },
    )
    update = partial(services.worker_profile_update, actor=request.user)
    if form_submit(request, form, update, done=_("Your profile has been saved.")):
        return redirect("people:my_profile")
    return render(
        request,
        "people/my_profile.html",
        {"worker": worker, "form": form, "timeline": passport_timeline(worker)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@replica_reads
def honour_queue_view(request):
    """Honours waiting for the user's verification; POST verifies the ticked ones."""
    if request.method == "POST":
        action_run(
            request,
            services.honour_verify,
            actor=request.user,
            honour_ids=request.POST.getlist("honour"),
            done=lambda done: (
                ngettext("%(n)d honour verified.", "%(n)d honours verified.", len(done))
                % {"n": len(done)}
            ),
        )
        return redirect("people:honour_queue")
    page = selectors.honours_awaiting_verification(request.user, cursor=request.GET.get("cursor"))
    return render(request, "people/honour_queue.html", {"page": page})


@login_required
@require_POST
def honour_verify_view(request, pk: int):
    (honour,) = services.honour_verify(actor=request.user, honour_ids=[pk])
    if request.htmx:
        return render(request, "people/_honour_queue_row.html", {"h": honour, "done": True})
    messages.success(request, _("Honour verified: it now counts."))
    return redirect("people:honour_queue")


@login_required
@require_http_methods(["GET", "POST"])
def honour_reject_view(request, pk: int):
    honour = selectors.honour_awaiting_get(request.user, pk)
    form = HonourRejectForm(request.POST or None)
    action = partial(services.honour_reject, actor=request.user, honour_id=honour.pk)
    if form_submit(request, form, action, done=_("Honour rejected; the enterprise sees why.")):
        return redirect("people:honour_queue")
    title = _("Reject %(honour)s of %(name)s") % {
        "honour": honour.honour_type.name,
        "name": honour.worker.name,
    }
    return render(
        request, "people/worker_form.html", {"form": form, "title": title, "worker": honour.worker}
    )
