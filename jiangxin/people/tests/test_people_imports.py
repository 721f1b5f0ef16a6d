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
