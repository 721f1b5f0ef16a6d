import io

import pytest
import xlsxwriter

from jiangxin.core.imports import import_run
from jiangxin.people.imports import HonourImport, WorkerImport
from jiangxin.people.models import Honour, Worker
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db
W_HEADERS = ["姓名", "居民身份证号", "工作单位", "工种", "技能等级", "一线职工", "农民工"]


def xlsx(headers, rows) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    book.close()
    return buf.getvalue()


def worker_rows(world, n, start=0):
    return [
        [f"职工{i}", resident_id(i), world.ent_a.name, "焊工", "5 技师", "是", "否"]
        for i in range(start, start + n)
    ]


def run(world, spec, data, actor=None):
    return import_run(actor=actor or world.admin_a, spec=spec, data=data, filename="x.xlsx")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_worker_import_choice_labels_in_either_language(world, language):
    from django.utils import translation

    rows = worker_rows(world, 2)
    rows[1][4] = "Technician"
    with translation.override(language):
        result = run(world, WorkerImport(), xlsx(W_HEADERS, rows))
    assert result.ok, result.errors
    assert set(Worker.objects.values_list("skill_level", flat=True)) == {5}


def test_worker_import_creates_encrypted_and_is_idempotent(world):
    data = xlsx(W_HEADERS, worker_rows(world, 30))
    result = run(world, WorkerImport(), data)
    assert result.ok and result.created == 30, result.errors
    w = Worker.objects.get(name="职工3")
    assert (
        w.skill_level == 5
        and w.first_line
        and not w.migrant
        and w.id_masked.endswith(resident_id(3)[-4:])
    )
    again = run(world, WorkerImport(), data)
    assert again.ok and again.created == 0 and again.unchanged == 30
    assert Worker.objects.count() == 30


def test_worker_import_duplicate_id_in_file_and_in_database(world):
    existing = make_worker(world.ent_b, 900)
    rows = worker_rows(world, 3)
    rows.append([*rows[0][:1], rows[0][1], *rows[0][2:]])
    from jiangxin.people.crypto import pii_decrypt

    rows.append(["别人", pii_decrypt(existing.id_cipher), world.ent_a.name, "", "", "是", "否"])
    result = run(world, WorkerImport(), xlsx(W_HEADERS, rows))
    assert not result.ok and Worker.objects.count() == 1
    cells = [(e.row, e.column) for e in result.errors]
    assert (5, "resident_id") in cells and (6, "resident_id") in cells
    assert all(existing.name not in e.message for e in result.errors)


@pytest.mark.parametrize(
    ("index", "value", "column"),
    [
        (1, "110105194912310021", "resident_id"),
        (2, "乙电力有限公司", "employer"),
        (5, "也许", "first_line"),
        (4, "9 大师", "skill_level"),
    ],
)
def test_worker_import_bad_cell(world, index, value, column):
    rows = worker_rows(world, 2)
    rows[1][index] = value
    result = run(world, WorkerImport(), xlsx(W_HEADERS, rows))
    assert not result.ok and (3, column) in [(e.row, e.column) for e in result.errors]
    assert Worker.objects.count() == 0


def test_honour_import(world):
    from jiangxin.people.crypto import pii_decrypt

    worker = make_worker(world.ent_a, 1)
    rid = pii_decrypt(worker.id_cipher)
    headers = ["居民身份证号", "荣誉", "年度", "文号"]
    data = xlsx(
        headers,
        [[rid, "齐鲁工匠", 2021, "鲁工发〔2021〕8号"], [rid, "provincial-may-day-medal", 2019, ""]],
    )
    result = run(world, HonourImport(), data)
    assert result.ok and result.created == 2, result.errors
    assert run(world, HonourImport(), data).unchanged == 2
    assert Honour.objects.count() == 2
    bad = run(
        world,
        HonourImport(),
        xlsx(headers, [[rid, "不存在的荣誉", 2021, ""], [resident_id(77), "齐鲁工匠", 2021, ""]]),
    )
    assert {(e.row, e.column) for e in bad.errors} == {(2, "honour"), (3, "resident_id")}


def _events_since(before):
    from jiangxin.core.models import AuditEvent

    return list(AuditEvent.objects.filter(pk__gt=before).order_by("pk"))


def _last_event_pk():
    from jiangxin.core.models import AuditEvent

    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_worker_import_one_audit_event_per_file_across_batches(world, monkeypatch):
    monkeypatch.setattr(WorkerImport, "batch_size", 2)
    before = _last_event_pk()
    result = run(world, WorkerImport(), xlsx(W_HEADERS, worker_rows(world, 5)))
    assert result.ok and result.created == 5, result.errors
    events = _events_since(before)
    assert [e.action for e in events] == ["import.people.workers"]
    assert events[0].details["created"] == 5 and events[0].details["rows"] == 5


def test_worker_import_and_register_form_give_the_same_duplicate_message(world):
    from django.core.exceptions import ValidationError

    from jiangxin.people.crypto import pii_decrypt
    from jiangxin.people.services import worker_register

    existing = make_worker(world.ent_a, 900)
    rid = pii_decrypt(existing.id_cipher)
    with pytest.raises(ValidationError) as form:
        worker_register(actor=world.admin_a, employer=world.ent_a, resident_id=rid, name="别人")
    rows = [["别人", rid, world.ent_a.name, "", "", "是", "否"]]
    result = run(world, WorkerImport(), xlsx(W_HEADERS, rows))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "resident_id", form.value.message_dict["resident_id"][0])
    ]


def test_workers_bulk_create_holds_the_rules_itself(world):
    """Called without the import's checks, the bulk service still refuses what the form
    refuses: an ID number twice, one already registered, an employer out of scope."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from jiangxin.people.services import worker_build, worker_register, workers_bulk_create

    def build(n, employer=world.ent_a):
        return worker_build(resident_id=resident_id(n), name=f"职工{n}", employer=employer)

    with pytest.raises(ValidationError) as twice:
        workers_bulk_create(actor=world.admin_a, workers=[build(1), build(1)])
    assert list(twice.value.message_dict) == ["resident_id"]
    worker_register(
        actor=world.admin_a, employer=world.ent_a, resident_id=resident_id(2), name="职工2"
    )
    with pytest.raises(ValidationError) as registered:
        workers_bulk_create(actor=world.admin_a, workers=[build(6), build(2)])
    assert list(registered.value.message_dict) == ["resident_id"]
    with pytest.raises(Http404):
        workers_bulk_create(actor=world.admin_a, workers=[build(3, world.ent_b)])
    assert workers_bulk_create(actor=world.admin_a, workers=[build(4), build(5)]) == 2
    assert Worker.objects.count() == 3


def test_worker_import_error_workbook_masks_id_numbers(world):
    """The refused file's annotated copy stays on the server for days: no full ID number
    in its cells or its messages, the row and field still named."""
    import io

    from python_calamine import CalamineWorkbook

    rows = worker_rows(world, 3)
    rows.append(list(rows[0]))  # the same ID number twice in the file
    rows[1][2] = "不存在的单位"
    result = run(world, WorkerImport(), xlsx(W_HEADERS, rows))
    assert not result.ok and result.annotated
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(result.annotated)).get_sheet_by_index(0)
    text = "\n".join(str(c) for row in sheet.to_python() for c in row)
    for row in rows:
        assert row[1] not in text
        assert row[1][:6] + "********" + row[1][-4:] in text
    names = __import__("zipfile").ZipFile(io.BytesIO(result.annotated))
    comments = "".join(names.read(n).decode() for n in names.namelist() if "comments" in n)
    assert all(row[1] not in comments for row in rows)
