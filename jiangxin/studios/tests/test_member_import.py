"""Studio members from Excel: a worker picked by the masked ID number the registry shows
(or the full one, matched through the blind index and never shown back), role and date;
errors name the row and the column; all or nothing."""

import io

import pytest
import xlsxwriter

from jiangxin.core.import_registry import import_spec
from jiangxin.core.imports import import_run
from jiangxin.core.models import AuditEvent
from jiangxin.studios.models import StudioMember
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db

HEADER = ["工作室名称", "姓名", "身份证号（脱敏）", "居民身份证号", "角色", "加入日期"]


def _xlsx(rows):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADER, *rows]):
        sheet.write_row(r, 0, row)
    book.close()
    return buf.getvalue()


def _run(actor, rows):
    spec = import_spec("studios.members")
    return import_run(actor=actor, spec=spec, data=_xlsx(rows), filename="members.xlsx")


def test_member_import_by_masked_id_or_full_id_and_is_idempotent(cast):
    w = cast.world
    studio = cast.apply()
    by_mask = cast.member_a
    by_full = make_worker(w.ent_a, 91, name="周九")
    rows = [
        [studio.name, by_mask.name, by_mask.id_masked, "", "核心成员", "2020-03-01"],
        [studio.name, by_full.name, "", resident_id(91, birth=by_full.birth_date), "member", "2021-01-01"],
    ]  # fmt: skip
    result = _run(w.admin_a, rows)
    assert result.ok and result.created == 2, result.errors
    roles = dict(studio.members.values_list("worker__name", "role"))
    assert roles[by_mask.name] == "core" and roles["周九"] == "member"
    # One audit event for the file: the import's own, none from the service it writes through.
    assert AuditEvent.objects.filter(action="import.studios.members").count() == 1
    assert not AuditEvent.objects.filter(action="studio.member_import").exists()
    again = _run(w.admin_a, rows)
    assert again.ok and again.created == 0 and again.unchanged == 2


def test_member_import_errors_name_row_and_column_and_write_nothing(cast):
    w = cast.world
    studio = cast.apply()
    good = cast.member_a
    outsider = cast.worker_b  # at the sibling enterprise B
    early = make_worker(w.ent_a, 92, name="吴十")
    rows = [
        [studio.name, good.name, good.id_masked, "", "core", "2020-03-01"],  # fine alone
        ["没有这个工作室", good.name, good.id_masked, "", "core", "2020-03-01"],
        [studio.name, outsider.name, outsider.id_masked, "", "core", "2020-03-01"],
        [studio.name, good.name, "", "", "core", "2020-03-01"],
        [studio.name, good.name, good.id_masked, "", "leader", "2020-03-01"],
        [studio.name, early.name, early.id_masked, "", "core", "2001-01-01"],
        [studio.name, "别名", "", resident_id(2, birth=good.birth_date), "core", "2020-03-01"],
    ]
    result = _run(w.admin_a, rows)
    assert not result.ok
    where = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "studio"),
        (4, "id_masked"),  # not at the host (nor in scope)
        (5, "id_masked"),
        (6, "role"),
        (7, "joined_on"),
        (8, "name"),  # the ID number is registered under another name
    } <= where
    full_ids = {resident_id(2, birth=good.birth_date)}
    assert not any(rid in e.message for e in result.errors for rid in full_ids)
    assert StudioMember.objects.filter(studio=studio).count() == 1  # only the leader


def test_member_import_of_a_sibling_enterprise_studio_is_refused(cast):
    w = cast.world
    studio = cast.apply()
    result = _run(
        w.admin_b,
        [[studio.name, cast.member_a.name, cast.member_a.id_masked, "", "core", "2020-03-01"]],
    )
    assert not result.ok and result.errors[0].column == "studio"
