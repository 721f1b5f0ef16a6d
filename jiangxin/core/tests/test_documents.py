"""Issued documents: issue → PDF with a QR code → public verification page; revocation;
scoped PDF download."""

import re
import uuid

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiangxin.core.documents import (
    TOKEN_SALT,
    document_from_token,
    document_issue,
    document_revoke,
    document_token,
    render_certificate_pdf,
    render_list_pdf,
    verify_path,
    verify_url,
)
from jiangxin.core.models import AuditEvent, IssuedDocument
from jiangxin.core.validators import resident_id_check_char

pytestmark = [pytest.mark.django_db, pytest.mark.urls("jiangxin.core.tests.documents_urls")]

BASE = "https://jx.example.org"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FACTS = [["荣誉称号", "省级技术能手"], ["工种", "数控车工"], ["年度", "2026"]]


def _issue(world, **overrides):
    kwargs = {
        "actor": world.admin_a,
        "kind": "certificate",
        "title": "荣誉证书",
        "holder_name": "李秀英",
        "org": world.ent_a,
        "facts": FACTS,
    }
    kwargs.update(overrides)
    return document_issue(**kwargs)


def _tamper(token: str, position: int) -> str:
    char = token[position]
    return token[:position] + ("1" if char != "1" else "2") + token[position + 1 :]


def _resident_id() -> str:
    body = "11010519491231002"
    return body + resident_id_check_char(body)


# --- services ---------------------------------------------------------------------------


def test_document_issue_saves_and_audits(world):
    doc = _issue(world)
    doc.refresh_from_db()
    assert doc.facts == FACTS
    assert doc.issued_by == world.admin_a
    assert doc.org == world.ent_a
    event = AuditEvent.objects.get(action="document.issue")
    assert event.object_id == str(doc.pk)
    assert event.org_path == world.ent_a.path
    assert event.username == "admin_a"


def test_document_issue_system_actor_audited_as_system(world):
    doc = _issue(world, actor=None)
    assert doc.issued_by is None
    assert AuditEvent.objects.get(action="document.issue").username == "system"


def test_document_issue_outside_scope_404_changes_nothing(world):
    with pytest.raises(Http404):
        _issue(world, org=world.ent_b)
    assert not IssuedDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="document.issue").exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"holder_name": _resident_id()},
        {"facts": [["身份证号", _resident_id()]]},
        {"facts": [["only a label"]]},
        {"facts": "not a list"},
        {"title": ""},
        {"kind": "Not A Slug"},
    ],
)
def test_document_issue_invalid_refused(world, overrides):
    with pytest.raises(ValidationError):
        _issue(world, **overrides)
    assert not IssuedDocument.objects.exists()


def test_document_revoke_audits_and_refuses_twice(world):
    doc = _issue(world)
    document_revoke(actor=world.admin_a, document=doc, reason="信息有误")
    doc.refresh_from_db()
    assert doc.is_revoked
    assert doc.revoked_reason == "信息有误"
    event = AuditEvent.objects.get(action="document.revoke")
    assert event.details["reason"] == "信息有误"
    with pytest.raises(ValidationError):
        document_revoke(actor=world.admin_a, document=doc, reason="again")


def test_document_revoke_needs_a_reason(world):
    doc = _issue(world)
    with pytest.raises(ValidationError):
        document_revoke(actor=world.admin_a, document=doc, reason="  ")
    doc.refresh_from_db()
    assert not doc.is_revoked


def test_document_revoke_outside_scope_404(world):
    doc = _issue(world)
    with pytest.raises(Http404):
        document_revoke(actor=world.admin_b, document=doc, reason="x")
    with pytest.raises(Http404):
        document_revoke(actor=world.outsider, document=doc, reason="x")
    doc.refresh_from_db()
    assert not doc.is_revoked
    # An ancestor federation's role covers the enterprise.
    document_revoke(actor=world.city_staff, document=doc, reason="撤销")
    doc.refresh_from_db()
    assert doc.is_revoked


# --- tokens -----------------------------------------------------------------------------


def test_document_token_round_trip(world):
    doc = _issue(world)
    token = document_token(doc)
    assert document_from_token(token) == doc
    assert verify_url(BASE, doc) == f"{BASE}/verify/{token}/"
    assert verify_url(BASE + "/", doc) == f"{BASE}/verify/{token}/"


def test_document_from_token_refuses_tampered_and_unknown(world):
    doc = _issue(world)
    token = document_token(doc)
    assert document_from_token(_tamper(token, 3)) is None  # in the UUID
    assert document_from_token(_tamper(token, len(token) - 5)) is None  # in the signature
    assert document_from_token("garbage") is None
    assert document_from_token("") is None
    # A correctly signed UUID that names no document.
    assert document_from_token(signing.Signer(salt=TOKEN_SALT).sign(uuid.uuid4().hex)) is None
    # Signed with another salt: not ours.
    assert document_from_token(signing.Signer(salt="other").sign(doc.uuid.hex)) is None


# --- PDF --------------------------------------------------------------------------------


def test_certificate_pdf_round_trip_embeds_verify_url(world):
    doc = _issue(world)
    url = verify_url(BASE, doc)
    pdf = render_certificate_pdf(doc, verify_url=url)
    assert pdf.startswith(b"%PDF")
    assert b"STSong-Light" in pdf
    # The QR code carries a link annotation to the same URL as the code itself.
    assert f"/URI ({url})".encode() in pdf
    assert document_token(doc).encode() in pdf
    token = url.rsplit("/verify/", 1)[1].rstrip("/")
    assert document_from_token(token) == doc
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1


def test_certificate_pdf_escapes_markup_in_facts(world):
    doc = _issue(world, facts=[["备注", "<b>a & b</b>"]], holder_name="王<五>")
    pdf = render_certificate_pdf(doc, verify_url=verify_url(BASE, doc))
    assert pdf.startswith(b"%PDF")


def test_list_pdf_paginates_500_rows(world):
    header = ["序号", "姓名", "单位", "工种", "荣誉称号"]
    rows = [[i, f"张{i}", "甲钢铁有限公司炼钢分厂", "电焊工", "省级劳动模范"] for i in range(500)]
    url = f"{BASE}/verify/x:y/"
    pdf = render_list_pdf("2026年度劳动模范名单", header, rows, verify_url=url)
    assert pdf.startswith(b"%PDF")
    assert b"STSong-Light" in pdf
    pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf))
    assert pages > 5
    # Each page carries the QR code's link.
    assert pdf.count(f"/URI ({url})".encode()) == pages


def test_list_pdf_without_verify_url_and_wide(world):
    header = [f"列{i}" for i in range(9)]
    pdf = render_list_pdf("名单", header, [[None, *range(8)]])
    assert pdf.startswith(b"%PDF")
    assert b"/URI" not in pdf
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1


# --- the public verification page -------------------------------------------------------


def test_verify_page_shows_facts(world, client):
    doc = _issue(world)
    response = client.get(verify_path(doc), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This document is valid." in html
    assert "荣誉证书" in html
    assert "李秀英" in html
    assert world.ent_a.name in html
    for label, value in FACTS:
        assert label in html
        assert value in html


def test_verify_page_shows_nothing_outside_facts(world, client):
    doc = _issue(world)
    html = client.get(verify_path(doc), **EN).content.decode()
    assert str(doc.uuid) not in html  # the document ID, hyphenated as on the PDF
    assert world.ent_a.uscc not in html
    assert world.admin_a.username not in html  # issued_by
    assert f"/orgs/{world.ent_a.pk}/" not in html
    assert "certificate" not in html  # the kind


def test_verify_page_tampered_token_404(world, client):
    doc = _issue(world)
    token = document_token(doc)
    for bad in (_tamper(token, 3), _tamper(token, len(token) - 2), "nonsense"):
        response = client.get(reverse("documents:verify", args=[bad]), **EN)
        assert response.status_code == 404
        html = response.content.decode()
        assert "not valid" in html
        assert "李秀英" not in html


def test_verify_page_revoked_410_with_reason(world, client):
    doc = _issue(world)
    document_revoke(actor=world.admin_a, document=doc, reason="获奖资格被取消")
    response = client.get(verify_path(doc), **EN)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Revoked on" in html
    assert "获奖资格被取消" in html
    assert "This document is valid." not in html


def test_verify_page_needs_no_login_and_is_not_cached(world, client):
    doc = _issue(world)
    response = client.get(verify_path(doc))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# --- the scoped PDF download ------------------------------------------------------------


def test_document_pdf_in_scope_200(world):
    doc = _issue(world)
    url = reverse("documents:pdf", args=[doc.uuid])
    for user in (world.admin_a, world.province_admin):
        response = world.client(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f"/verify/{document_token(doc)}/".encode() in response.content
    assert AuditEvent.objects.filter(action="document.download").count() == 2


def test_cross_org_document_pdf_404(world):
    doc = _issue(world)
    url = reverse("documents:pdf", args=[doc.uuid])
    assert world.client(world.admin_b).get(url).status_code == 404
    assert world.client(world.outsider).get(url).status_code == 404
    other = reverse("documents:pdf", args=[uuid.uuid4()])
    assert world.client(world.admin_a).get(other).status_code == 404
    assert world.client(world.admin_a).get(url).status_code == 200


def test_document_pdf_anonymous_redirected_to_login(world, client):
    doc = _issue(world)
    response = client.get(reverse("documents:pdf", args=[doc.uuid]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
