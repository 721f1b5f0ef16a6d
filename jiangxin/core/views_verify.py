"""The public verification page (no login) and the PDF download of an issued document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import audit_record
from .documents import (
    document_from_token,
    issue_date_display,
    render_certificate_pdf,
    verify_url,
)
from .selectors import document_get_or_404


@require_GET
@never_cache
def verify(request, token: str):
    """Shows only what the document makes public: title, holder, issuing org's name, issue
    date and facts. 404 for a tampered or unknown token, 410 for a revoked document."""
    document = document_from_token(token)
    if document is None:
        return render(request, "core/verify.html", {"state": "invalid"}, status=404)
    context = {
        "state": "revoked" if document.is_revoked else "valid",
        "title": document.title,
        "holder_name": document.holder_name,
        "issuer": document.org.name if document.org_id else "",
        "issued_on": issue_date_display(document),
        "facts": document.fact_pairs(),
    }
    if document.is_revoked:
        context["revoked_on"] = formats.date_format(
            timezone.localtime(document.revoked_at).date(), "DATE_FORMAT"
        )
        context["revoked_reason"] = document.revoked_reason
        return render(request, "core/verify.html", context, status=410)
    return render(request, "core/verify.html", context)


@require_GET
@login_required
def document_pdf(request, uuid):
    document = document_get_or_404(request.user, uuid)
    pdf = render_certificate_pdf(document, verify_url=verify_url(request, document))
    audit_record(
        actor=request.user,
        action="document.download",
        obj=document,
        details={"uuid": str(document.uuid)},
    )
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{document.kind}-{document.uuid}.pdf"'},
    )
