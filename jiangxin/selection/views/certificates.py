"""An awardee's certificate as a PDF, for everyone the document concerns (see
`selectors.certificate_q`); anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from jiangxin.core.audit import audit_record
from jiangxin.core.documents import render_certificate_pdf, verify_url

from .. import selectors


def certificate_response(request, entry) -> HttpResponse:
    document = entry.certificate
    pdf = render_certificate_pdf(document, verify_url=verify_url(request, document))
    audit_record(
        actor=request.user,
        action="document.download",
        obj=document,
        org_path=entry.campaign.org.path,
        details={"uuid": str(document.uuid), "entry": entry.pk},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{entry.pk}.pdf"'
    return response


@require_GET
@login_required
def certificate_pdf_view(request, pk: int):
    return certificate_response(request, selectors.certificate_get(request.user, pk))
