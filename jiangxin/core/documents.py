"""Issued documents: issue, revoke, sign a verification token, render PDFs.

A document's QR code points to `/verify/<token>/`, where the token is the document's
UUID signed with the site's SECRET_KEY (salt "jiangxin.verify"; SECRET_KEY_FALLBACKS
keep old tokens valid across a key rotation). The token carries no personal data.

PDFs are drawn with reportlab and the built-in CID font STSong-Light (the viewer's own
Song face is used; nothing is downloaded), A4, with the QR code drawn as vector shapes
from segno's matrix and a link annotation to the same verification URL.
"""

from __future__ import annotations

import io
import unicodedata
import uuid as uuid_lib
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .access import user_scope
from .audit import audit_record
from .models import IssuedDocument

TOKEN_SALT = "jiangxin.verify"
FONT = "STSong-Light"

# --- services ---------------------------------------------------------------------------


def _require_cover(actor, org) -> None:
    """404 unless the actor's active role covers `org` (org-less documents: superusers)."""
    if org is None:
        if not getattr(actor, "is_superuser", False):
            raise Http404
        return
    if not user_scope(actor).covers(org.path):
        raise Http404


def _normalise_facts(facts) -> list:
    if not isinstance(facts, list | tuple):
        return facts
    out = []
    for pair in facts:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            out.append([str(pair[0]).strip(), "" if pair[1] is None else str(pair[1]).strip()])
        else:
            out.append(pair)  # left for full_clean to report
    return out


@transaction.atomic
def document_issue(*, actor, kind: str, title: str, holder_name: str, org, facts) -> IssuedDocument:
    """Issue a document. `actor` None means the system (a task); otherwise the actor's
    scope must cover `org` (else 404)."""
    if actor is not None:
        _require_cover(actor, org)
    document = IssuedDocument(
        kind=kind,
        title=(title or "").strip(),
        holder_name=(holder_name or "").strip(),
        org=org,
        facts=_normalise_facts(facts),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action="document.issue",
        obj=document,
        details={"kind": kind, "uuid": str(document.uuid)},
        username="" if actor is not None else "system",
    )
    return document


@transaction.atomic
def document_revoke(*, actor, document: IssuedDocument, reason: str) -> IssuedDocument:
    """Revoke a document (it stays, marked revoked, and its verify page answers 410)."""
    _require_cover(actor, document.org)
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This document has already been revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_reason = (reason or "").strip()
    locked.full_clean()
    locked.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=actor,
        action="document.revoke",
        obj=locked,
        details={"uuid": str(locked.uuid), "reason": locked.revoked_reason},
    )
    document.revoked_at = locked.revoked_at
    document.revoked_reason = locked.revoked_reason
    return locked


# --- tokens and URLs --------------------------------------------------------------------


def _signer() -> signing.Signer:
    return signing.Signer(salt=TOKEN_SALT)


def document_token(document: IssuedDocument) -> str:
    """A URL-safe signed token for the document (its UUID hex and a signature)."""
    return _signer().sign(document.uuid.hex)


def document_from_token(token: str) -> IssuedDocument | None:
    """The document a token names; None for a tampered, malformed or unknown token."""
    try:
        value = _signer().unsign(token)
        doc_uuid = uuid_lib.UUID(hex=value)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return IssuedDocument.objects.select_related("org").filter(uuid=doc_uuid).first()


def verify_path(document: IssuedDocument) -> str:
    return reverse("documents:verify", kwargs={"token": document_token(document)})


def verify_url(request_or_base, document: IssuedDocument) -> str:
    """The absolute verification URL: from a request, from a base URL string
    ("https://jx.example.org"), or with None from settings.JX_PUBLIC_BASE_URL (if set;
    else the bare path)."""
    path = verify_path(document)
    if hasattr(request_or_base, "build_absolute_uri"):
        return request_or_base.build_absolute_uri(path)
    base = request_or_base
    if base is None:
        base = getattr(settings, "JX_PUBLIC_BASE_URL", "") or ""
    return str(base).rstrip("/") + path


def issue_date_display(document: IssuedDocument) -> str:
    return formats.date_format(timezone.localtime(document.issued_at).date(), "DATE_FORMAT")


# --- PDF --------------------------------------------------------------------------------

_font_registered = False


def _font() -> str:
    global _font_registered
    if not _font_registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _font_registered = True
    return FONT


# Characters the CJK font (STSong-Light, Adobe-GB1: all of GBK) lacks, drawn as a close
# equivalent rather than as an empty box.
_GLYPH_FALLBACK = {"✓": "√", "✔": "√", "•": "·", "\u00a0": " ", "\u2009": " ", "\u200b": ""}


def has_glyph(ch: str) -> bool:
    """Whether the PDF font draws `ch` (the font covers GBK; ASCII control characters
    other than the newline are not text)."""
    if ch == "\n":
        return True
    if ord(ch) < 32:
        return False
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def pdf_text(text) -> str:
    """`text` with every character the font lacks replaced (a close equivalent, else
    "?"), so that no PDF shows an empty box."""
    text = "" if text is None else str(text)
    if all(has_glyph(ch) for ch in text):
        return text
    return "".join(
        ch if has_glyph(ch) else _GLYPH_FALLBACK.get(ch, "?" if ord(ch) >= 32 else "")
        for ch in text
    )


def _p(text) -> str:
    """Escape a value for a reportlab Paragraph (which reads a small XML markup)."""
    return escape(pdf_text(text)).replace("\n", "<br/>")


def wrap_to_width(text: str, font: str, size: float, max_width: float) -> list[str]:
    """`text` cut into lines no wider than `max_width` points (anywhere: a URL has no
    spaces to break at)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > max_width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def draw_qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw a QR code for `url` as filled squares, bottom-left at (x, y), `size` wide, with
    a link annotation over it to the same URL."""
    import segno

    qr = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    n = len(rows)
    module = size / n
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    quiet = module * 2
    canvas.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                # A hair of overlap so adjacent runs do not show seams in some viewers.
                path.rect(x + start * module, top, (c - start) * module, module * 1.01)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    canvas.linkURL(url, (x, y, x + size, y + size), relative=1, thickness=0)


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    font = _font()
    base = ParagraphStyle("jx", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "base": base,
        "issuer": ParagraphStyle("issuer", base, fontSize=14, leading=20, alignment=TA_CENTER),
        "title": ParagraphStyle("title", base, fontSize=30, leading=40, alignment=TA_CENTER),
        "label": ParagraphStyle(
            "label", base, fontSize=10, textColor=colors.grey, alignment=TA_CENTER
        ),
        "holder": ParagraphStyle("holder", base, fontSize=24, leading=32, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", base, fontSize=10, leading=13),
        "cell_head": ParagraphStyle("cell_head", base, fontSize=10, leading=13),
        "list_title": ParagraphStyle(
            "list_title", base, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=8
        ),
        "small": ParagraphStyle("small", base, fontSize=9, leading=12),
    }


CERT_QR_SIZE = 32 * 72 / 25.4  # 32 mm
CERT_MARGIN = 22 * 72 / 25.4  # 22 mm


def certificate_qr_origin() -> tuple[float, float]:
    """Where the certificate's QR code sits (bottom left corner, points)."""
    from reportlab.lib.pagesizes import A4

    return A4[0] - CERT_MARGIN - CERT_QR_SIZE, 24 * 72 / 25.4


def render_certificate_pdf(document: IssuedDocument, *, verify_url: str) -> bytes:
    """The document as an A4 certificate: issuer, title, holder, facts, issue date,
    document ID, and a QR code (bottom right) to `verify_url`, the address printed beside
    it. Facts run over as many pages as they need; every page carries the QR code."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    st = _styles()
    width, height = A4
    issuer = document.org.name if document.org_id else ""
    issued_on = issue_date_display(document)
    qr_size, margin = CERT_QR_SIZE, CERT_MARGIN
    qx, qy = certificate_qr_origin()
    # The verification address, on as many lines as it takes left of the QR code.
    url_lines = wrap_to_width(pdf_text(verify_url), font, 8, qx - 6 * mm - margin)

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#9a1b1b"))
        canvas.setLineWidth(2.2)
        canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
        draw_qr(canvas, verify_url, qx, qy, qr_size)
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(qx + qr_size / 2, qy - 5 * mm, pdf_text(_("Scan to verify")))
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(
            margin, 30 * mm, pdf_text(_("Document ID: %(id)s") % {"id": document.uuid})
        )
        for i, line in enumerate(url_lines):
            canvas.drawString(margin, (25 - 3.6 * i) * mm, line)
        if doc.page > 1:  # a continuation page says so, top right
            canvas.drawRightString(
                width - margin, height - 19 * mm, pdf_text(_("Page %(page)d") % {"page": doc.page})
            )
        if document.revoked_at is not None:
            canvas.setFillColor(colors.Color(0.8, 0, 0, alpha=0.35))
            canvas.setFont(font, 64)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, pdf_text(_("REVOKED")))
        canvas.restoreState()

    story = [Spacer(1, 10 * mm)]
    if issuer:
        story += [Paragraph(_p(issuer), st["issuer"]), Spacer(1, 8 * mm)]
    story += [
        Paragraph(_p(document.title), st["title"]),
        Spacer(1, 14 * mm),
        Paragraph(_p(_("Holder")), st["label"]),
        Spacer(1, 2 * mm),
        Paragraph(_p(document.holder_name), st["holder"]),
        Spacer(1, 12 * mm),
    ]
    avail = width - 2 * margin
    rows = [
        [Paragraph(_p(label), st["cell"]), Paragraph(_p(value), st["cell"])]
        for label, value in document.fact_pairs()
    ]
    rows += [
        [Paragraph(_p(_("Issued by")), st["cell"]), Paragraph(_p(issuer or "—"), st["cell"])],
        [Paragraph(_p(_("Issue date")), st["cell"]), Paragraph(_p(issued_on), st["cell"])],
    ]
    table = Table(rows, colWidths=[avail * 0.32, avail * 0.68], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.lightgrey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f6f1ea")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story.append(table)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=25 * mm,
        bottomMargin=24 * mm + qr_size + 10 * mm,
        title=pdf_text(document.title),
        author=pdf_text(issuer),
        subject=document.kind_label,
        creator="jiangxin",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _text_width(text: str) -> int:
    """Display width in half-width cells: CJK and other wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _col_widths(header: list[str], rows: list[list[str]], avail: float) -> list[float]:
    """Share the width by each column's longest text (header and the first rows), each
    column kept between 4 and 30 half-width cells' worth."""
    weights = []
    for i, h in enumerate(header):
        longest = max([_text_width(h)] + [_text_width(r[i]) for r in rows[:300] if i < len(r)])
        weights.append(min(max(longest, 4), 30) + 2)
    total = sum(weights) or 1
    return [avail * w / total for w in weights]


def render_list_pdf(
    title: str,
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    verify_url: str | None = None,
) -> bytes:
    """A list (award list, roster) as an A4 table: the header row repeats on every page;
    wide lists (more than six columns) are set landscape. Each page carries the page number
    and, when `verify_url` is given, a small QR code to it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    font = _font()
    st = _styles()
    pagesize = landscape(A4) if len(header) > 6 else A4
    width, height = pagesize
    margin = 15 * mm
    qr_size = 18 * mm if verify_url else 0
    footer = (qr_size + 8 * mm) if verify_url else 12 * mm
    generated = formats.date_format(timezone.localdate(), "DATE_FORMAT")

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(margin, 8 * mm, pdf_text(_("Generated %(date)s") % {"date": generated}))
        canvas.drawCentredString(
            width / 2, 8 * mm, pdf_text(_("Page %(page)d") % {"page": doc.page})
        )
        if verify_url:
            draw_qr(canvas, verify_url, width - margin - qr_size, 6 * mm, qr_size)
        canvas.restoreState()

    cell, head = st["cell"], st["cell_head"]
    texts = [["" if v is None else str(v) for v in row] for row in rows]
    header = [str(h) for h in header]
    data = [[Paragraph(_p(h), head) for h in header]]
    data += [[Paragraph(_p(v), cell) for v in row] for row in texts]
    table = LongTable(data, colWidths=_col_widths(header, texts, width - 2 * margin), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e1d6")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f8f6f2")]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=15 * mm,
        bottomMargin=footer + 6 * mm,
        title=str(title),
        creator="jiangxin",
    )
    doc.build(
        [Paragraph(_p(title), st["list_title"]), table], onFirstPage=on_page, onLaterPages=on_page
    )
    return buf.getvalue()
