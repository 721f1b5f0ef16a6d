"""Bugs seen broken on the people pages, each with the test that failed before its fix."""

import re
from datetime import date

import pytest
from django.urls import reverse

from jiangxin.people import services
from jiangxin.people.crypto import pii_decrypt
from jiangxin.people.models import Honour, HonourType
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def _tag_attrs(html: str, element_id: str) -> dict[str, str]:
    """The attributes of the start tag with this id."""
    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        attrs = dict(re.findall(r'([\w:-]+)="([^"]*)"', tag))
        if attrs.get("id") == element_id:
            return attrs
    raise AssertionError(f"no element #{element_id}")


def _htmx_swap(client, page_html: str, form_id: str, data: dict) -> str:
    """What htmx puts in the page when the form is submitted: the response (narrowed by
    hx-select), swapped into hx-target as hx-swap says. Returns the new content of the
    target ("" when the target itself is gone from the page)."""
    attrs = _tag_attrs(page_html, form_id)
    target = attrs["hx-target"].lstrip("#")
    response = client.post(
        attrs["hx-post"], data, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target
    ).content.decode()
    if select := attrs.get("hx-select"):
        response = response if f'id="{select.lstrip("#")}"' in response else ""
    if attrs.get("hx-swap", "innerHTML").startswith("outerHTML"):
        return response if f'id="{target}"' in response else ""
    return response


def test_worker_id_lookup_keeps_the_result_list(world):
    """The lookup by ID number used to swap an empty selection over the result list."""
    target = make_worker(world.ent_a, 5)
    make_worker(world.ent_a, 6)
    client = world.client(world.admin_a)
    page = client.get(reverse("people:worker_list")).content.decode()
    results = _htmx_swap(
        client, page, "jx-id-lookup", {"resident_id": pii_decrypt(target.id_cipher)}
    )
    assert target.name in results and "职工6" not in results
    # the name search swaps into the same list
    assert _tag_attrs(page, "worker-results")


def test_worker_list_full_id_export_button_for_unmask_holders(world):
    """The "export with full ID numbers" button never rendered (its flag was not set)."""
    make_worker(world.ent_a, 5)
    export = reverse("people:worker_export") + "?unmasked=1"
    allowed = world.client(world.province_admin).get(reverse("people:worker_list"))
    assert export in allowed.content.decode().replace("&amp;", "&")
    refused = world.client(world.admin_a).get(reverse("people:worker_list"))
    assert "unmasked=1" not in refused.content.decode()


def test_worker_pages_show_masked_id_only(world):
    """Even to a holder of the unmask permission every page shows the masked number
    (the full one only after the audited "show in full")."""
    worker = make_worker(world.ent_a, 5)
    full = pii_decrypt(worker.id_cipher)
    for user in (world.province_admin, world.admin_a):
        client = world.client(user)
        for url in (
            reverse("people:worker_list"),
            reverse("people:worker_detail", args=[worker.pk]),
            reverse("people:passport", args=[worker.pk]),
        ):
            body = client.get(url).content.decode()
            assert full not in body, url
            assert worker.id_masked in body, url
    detail = world.client(world.admin_a).get(reverse("people:worker_detail", args=[worker.pk]))
    assert "jx-unmask" not in detail.content.decode()
    from jiangxin.testing.crossorg import api_client

    client, auth = api_client(world.admin_a)  # a token: a session is not API auth
    api = client.get(reverse("api:workers_detail", args=[worker.pk]), **auth)
    assert api.status_code == 200
    assert full not in api.content.decode()
    assert worker.id_masked in api.content.decode()


# --- the passport PDF -----------------------------------------------------------------


@pytest.fixture
def drawn_text(monkeypatch):
    """Every string reportlab draws while the test runs, with the font and position of
    canvas.drawString calls."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

    texts: list[str] = []
    strings: list[tuple[float, float, str, str, float]] = []
    original_format = PDFTextObject._formatText
    original_draw = Canvas.drawString

    def format_text(self, text):
        texts.append(text)
        return original_format(self, text)

    def draw_string(self, x, y, text, *args, **kwargs):
        strings.append((x, y, text, self._fontname, self._fontsize))
        return original_draw(self, x, y, text, *args, **kwargs)

    monkeypatch.setattr(PDFTextObject, "_formatText", format_text)
    monkeypatch.setattr(Canvas, "drawString", draw_string)
    return texts, strings


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_passport_pdf_holds_every_honour_over_many_pages(world, drawn_text):
    from jiangxin.core.documents import has_glyph

    texts, _strings = drawn_text
    worker = make_worker(world.ent_a, 5, occupation="炼钢工")
    kinds = list(HonourType.objects.all())
    numbers = []
    for i in range(60):
        number = f"鲁工发〔{1960 + i}〕{i + 1}号"
        numbers.append(number)
        Honour.objects.create(
            worker=worker,
            honour_type=kinds[i % len(kinds)],
            year=1960 + i,
            awarding_body="山东省总工会",
            document_number=number,
        )
    # a declared honour is not final: it stays off the PDF
    services.honour_award(
        actor=world.admin_a,
        worker=worker,
        honour_type=HonourType.objects.get(code="provincial-model-worker"),
        year=2024,
        document_number="草稿〔2024〕1号",
    )
    services.skill_promote(
        actor=world.admin_a,
        worker=worker,
        level=6,
        date=date(2023, 5, 18),
        evidence_kind="certificate",
        evidence_ref="S-2023-018",
    )
    pdf = world.client(world.admin_a).get(reverse("people:passport_pdf", args=[worker.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert _pages(pdf.content) >= 2
    text = "".join(texts)
    missing = [n for n in numbers if n not in text]
    assert not missing, f"cut from the PDF: {missing}"
    assert "草稿〔2024〕1号" not in text
    assert "2023-05-18" in text and "S-2023-018" in text  # the skill section, with its date
    assert "1960" in text and "2019" in text  # each honour with its year
    assert "荣誉" in text and "技能等级" in text  # section by section
    assert [ch for ch in set(text) if not has_glyph(ch)] == []
    assert pii_decrypt(worker.id_cipher) not in text


def test_passport_pdf_verify_url_does_not_run_under_the_qr_code(world, drawn_text, settings):
    """The address was one line cut at 110 characters, running under the QR code."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from jiangxin.core.documents import CERT_QR_SIZE, certificate_qr_origin, verify_url
    from jiangxin.core.models import IssuedDocument

    settings.ALLOWED_HOSTS = ["*"]
    _texts, strings = drawn_text
    worker = make_worker(world.ent_a, 5)
    host = "jiangxin.shandong-federation-of-trade-unions.example.org"
    pdf = world.client(world.admin_a).get(
        reverse("people:passport_pdf", args=[worker.pk]), HTTP_HOST=host
    )
    assert pdf.status_code == 200
    url = verify_url(f"http://{host}", IssuedDocument.objects.get(kind="passport"))
    assert url in "".join(s[2] for s in strings), "the whole address is printed"
    qx, qy = certificate_qr_origin()
    for x, y, text, font, size in strings:
        if qy - 8 * 72 / 25.4 < y < qy + CERT_QR_SIZE:  # level with the QR code
            assert x + stringWidth(text, font, size) <= qx, f"{text!r} runs under the QR code"


def test_pdf_text_replaces_characters_the_font_lacks():
    from jiangxin.core.documents import has_glyph, pdf_text

    assert pdf_text("已核验 ✓ • 〔2024〕") == "已核验 √ · 〔2024〕"
    assert all(has_glyph(ch) for ch in pdf_text("😀𠮷x"))


def test_passport_rows_link_their_certificate(world, drawn_text):
    """A passport row's document: a download link on the worker and passport pages, its
    verification address in the PDF."""
    from jiangxin.core.documents import document_issue, verify_path

    texts, _strings = drawn_text
    worker = make_worker(world.ent_a, 5)
    certificate = document_issue(
        actor=None,
        kind="certificate",
        title="青岛工匠",
        holder_name=worker.name,
        org=world.ent_a,
        facts=[["荣誉", "青岛工匠"]],
    )
    Honour.objects.create(
        worker=worker,
        honour_type=HonourType.objects.get(code="qingdao-craftsman"),
        year=2022,
        awarding_body="青岛市总工会",
        certificate=certificate,
    )
    download = reverse("documents:pdf", kwargs={"uuid": certificate.uuid})
    client = world.client(world.admin_a)
    for name in ("people:worker_detail", "people:passport"):
        assert download in client.get(reverse(name, args=[worker.pk])).content.decode()
    assert client.get(download).status_code == 200
    client.get(reverse("people:passport_pdf", args=[worker.pk]))
    assert verify_path(certificate) in "".join(texts).replace("\n", "")
