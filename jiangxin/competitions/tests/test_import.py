"""Bulk registration from Excel: every row checked against the people registry and the
registration rules; a bad row rejects the whole file with an annotated workbook;
re-importing the same file changes nothing."""

import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from jiangxin.competitions.models import Registration
from jiangxin.core.import_registry import import_spec
from jiangxin.core.imports import import_run, import_template
from jiangxin.core.models import AuditEvent
from jiangxin.people.models import Worker
from jiangxin.testing.people import resident_id

from .helpers import competition, register, team_track, track_of, worker

pytestmark = pytest.mark.django_db

HEADER = [
    "赛项代码",
    "姓名",
    "居民身份证号",
    "工作单位",
    "工种",
    "技能等级",
    "手机号",
    "队名",
    "领队",
]


def _xlsx(rows):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADER, *rows]):
        sheet.write_row(r, 0, row)
    book.close()
    return buf.getvalue()


def _run(actor, rows):
    spec = import_spec("competitions.registrations")
    return import_run(actor=actor, spec=spec, data=_xlsx(rows), filename="registrations.xlsx")


def test_registration_import_creates_new_workers_and_is_idempotent(world):
    c = competition(world)
    code = track_of(c).code
    known = worker(world.ent_a, skill_level=4)
    from jiangxin.people.services import pii_decrypt

    rows = [
        [code, known.name, pii_decrypt(known.id_cipher), world.ent_a.name, "", "", "", "", ""],
        [code, "新职工", resident_id(4242), world.ent_a.name, "维修电工", "4 高级工", "", "", ""],
    ]
    result = _run(world.admin_a, rows)
    assert result.ok, result.errors
    assert (result.created, result.unchanged) == (2, 0)
    new = Worker.objects.get(name="新职工")
    assert (new.employer_id, new.occupation, new.skill_level) == (world.ent_a.pk, "维修电工", 4)
    assert Registration.objects.filter(track__competition=c, source="import").count() == 2
    assert AuditEvent.objects.filter(action="import.competitions.registrations").count() == 1
    again = _run(world.admin_a, rows)
    assert again.ok and (again.created, again.unchanged) == (0, 2)
    assert Registration.objects.count() == 2 and Worker.objects.filter(name="新职工").count() == 1


def test_registration_import_bad_row_rejects_the_file(world):
    c = competition(world)
    code = track_of(c).code
    from jiangxin.people.services import pii_decrypt

    earlier = worker(world.ent_a)
    register(world, track_of(c), earlier)
    rows = [
        [code, "甲一", resident_id(4301), world.ent_a.name, "", "", "", "", ""],
        # the person is already registered for the track
        [
            code,
            earlier.name,
            pii_decrypt(earlier.id_cipher),
            world.ent_a.name,
            "",
            "",
            "",
            "队",
            "",
        ],
        # no such track
        ["NO-SUCH", "甲二", resident_id(4302), world.ent_a.name, "", "", "", "", ""],
        # an enterprise outside the union's scope
        [code, "甲三", resident_id(4303), world.ent_b.name, "", "", "", "", ""],
        # the same person twice for the track in this file
        [code, "甲一", resident_id(4301), world.ent_a.name, "", "", "", "", ""],
    ]
    result = _run(world.admin_a, rows)
    assert not result.ok
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert f"no. {Registration.objects.get().pk}" in by_row[3].message
    assert by_row[4].column == "track"
    assert by_row[5].column == "employer"
    assert by_row[6].column == "resident_id"
    # nothing half-saved: neither registrations nor the new workers
    assert Registration.objects.count() == 1
    assert not Worker.objects.filter(name__in=["甲一", "甲二", "甲三"]).exists()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(result.annotated)).get_sheet_by_index(0)
    cells = sheet.to_python()
    assert any("no." in str(cell) or "已" in str(cell) for row in cells[1:] for cell in row)


def test_registration_import_out_of_range_level_and_team_rules(world):
    c = competition(world, status="draft")
    from jiangxin.competitions import services

    services.track_save(
        actor=world.province_admin, competition=c, track=track_of(c), min_level=4, max_level=6
    )
    services.competition_step(actor=world.province_admin, competition=c, step="open_registration")
    t = team_track(world, c, size=2)
    rows = [
        [
            track_of(c).code,
            "低级工",
            resident_id(4401),
            world.ent_a.name,
            "",
            "2 初级工",
            "",
            "",
            "",
        ],
        [t.code, "队员一", resident_id(4402), world.ent_a.name, "", "", "", "红队", "是"],
        [t.code, "队员二", resident_id(4403), world.ent_a.name, "", "", "", "红队", "是"],
    ]
    result = _run(world.admin_a, rows)
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {(2, "skill_level"), (4, "is_leader")}
    assert not Registration.objects.exists()


def test_registration_template_has_dropdowns(world):
    from django.utils import translation

    with translation.override("zh-hans"):
        data = import_template(import_spec("competitions.registrations"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names[:2] == ["registrations", "choices"]
    choices = book.get_sheet_by_name("choices").to_python()
    flat = {str(c) for row in choices for c in row if c}
    assert any("高级工" in c for c in flat) and any(c.startswith("是") for c in flat)


def test_registration_import_team_across_batches_counts_each_member_once(world, monkeypatch):
    from jiangxin.competitions.imports import RegistrationImport

    monkeypatch.setattr(RegistrationImport, "batch_size", 1)
    c = competition(world)
    t = team_track(world, c, size=3)
    rows = [
        [
            t.code,
            f"队员{i}",
            resident_id(4500 + i),
            world.ent_a.name,
            "",
            "",
            "",
            "蓝队",
            "是" if i == 0 else "",
        ]
        for i in range(3)
    ]
    result = _run(world.admin_a, rows)
    assert result.ok, result.errors
    assert Registration.objects.filter(track=t, team_name="蓝队").count() == 3
