"""The public announcement pages (公示) and the objection form: no login, by design."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import form_submit

from .. import selectors, services
from ..forms import ObjectionForm
from ..services.announcements import announcement_is_open
from ..subjects import adapter_for


@require_GET
@replica_reads
def public_list_view(request):
    page = selectors.announcement_list_public(cursor=request.GET.get("cursor"))
    return render(request, "selection/public_list.html", {"page": page})


@require_GET
@never_cache
def public_detail_view(request, uuid):
    announcement = selectors.announcement_public(uuid)
    return render(
        request,
        "selection/public_detail.html",
        {
            "announcement": announcement,
            "campaign": announcement.campaign,
            "entries": selectors.public_entries(announcement),
            "is_open": announcement_is_open(announcement),
            "person_list": adapter_for(announcement.campaign.subject_kind).is_person,
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
def public_object_view(request, uuid):
    announcement = selectors.announcement_public(uuid)
    is_open = announcement_is_open(announcement)
    form = ObjectionForm(
        request.POST or None, request.FILES or None, entries=selectors.public_entries(announcement)
    )
    if request.method == "POST" and is_open and form.is_valid():
        if form.cleaned_data["website"]:  # the honeypot was filled in: a bot
            return redirect(announcement)
        file = partial(services.objection_file, announcement=announcement)
        if done := form_submit(
            request,
            form,
            lambda entry, website, **data: file(entry_id=entry, **data),
            done=_(
                "Your objection has been received. The entry is frozen until it is investigated."
            ),
        ):
            objection = done.result
            messages.info(
                request,
                _("Your reference number is %(ref)s. Keep it to ask after your objection.")
                % {"ref": objection.reference},
            )
            return redirect(
                f"{reverse('announcements:objection_status')}?ref={objection.reference}"
            )
    return render(
        request,
        "selection/public_object.html",
        {"announcement": announcement, "form": form, "is_open": is_open},
    )


@require_GET
@never_cache
def public_objection_status_view(request):
    """An objector asks after their objection by its reference number (no login)."""
    ref = request.GET.get("ref", "").strip().upper()
    objection = selectors.objection_by_reference(ref) if ref else None
    return render(
        request,
        "selection/public_objection_status.html",
        {"ref": ref, "objection": objection, "not_found": bool(ref) and objection is None},
        status=404 if ref and objection is None else 200,
    )
