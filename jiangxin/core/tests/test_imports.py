import io

import pytest
import xlsxwriter
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiangxin.core.imports import ImportFileError, import_run, import_template
from jiangxin.core.models import AuditEvent, TaskProgress
from jiangxin.orgs.imports import EnterpriseImport
from jiangxin.orgs.models import Org
from jiangxin.testing.factories import make_uscc

pytestmark = pytest.mark.django_db
HEADERS = ["企业名称", "统一社会信用代码", "上级工会", "行政区划代码", "行业"]


def xlsx(rows, headers=HEADERS) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    if headers:
        ws.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    book.close()
    return buf.getvalue()


def ent_rows(world, n, start=0):
    return [
        [f"导入企业{i}", make_uscc("370102", 500000 + i), world.county.name, "370102", "C"]
        for i in range(start, start + n)
    ]


def run(world, data, name="企业.xlsx", actor=None):
    return import_run(
        actor=actor or world.city_staff, spec=EnterpriseImport(), data=data, filename=name
    )


def test_import_template_has_bilingual_headers_and_dropdowns():
    data = import_template(EnterpriseImport())
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    header = book.get_sheet_by_index(0).to_python()[0]
    assert header[0].startswith("企业名称 Name") and header[0].endswith("*")
    assert "choices" in book.sheet_names
    assert b"dataValidation" in __import__("zipfile").ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )


def test_import_enterprises_writes_all_and_audits(world):
    result = run(world, xlsx(ent_rows(world, 5)))
    assert result.ok and result.created == 5
    assert (
        Org.objects.filter(
            name__startswith="导入企业",
            path__startswith=world.county.path,
            depth=world.county.depth + 1,
        ).count()
        == 5
    )
    county = Org.objects.get(pk=world.county.pk)
    assert county.numchild == 7
    assert Org.objects.get_parent(Org.objects.get(name="导入企业3")).pk == county.pk
    assert AuditEvent.objects.filter(action="import.orgs.enterprises", result="success").exists()


def test_import_enterprises_are_found_by_the_tree_search(world, django_capture_on_commit_callbacks):
    from jiangxin.orgs.selectors import org_list

    with django_capture_on_commit_callbacks(execute=True):  # the worker indexes after commit
        run(world, xlsx(ent_rows(world, 3)))
    page = org_list(world.city_staff, q="导入企业1")
    assert [o.name for o in page.items] == ["导入企业1"]


def test_import_enterprises_reimport_changes_nothing(world):
    data = xlsx(ent_rows(world, 4))
    run(world, data)
    before = Org.objects.count()
    again = run(world, data)
    assert again.ok and again.created == 0 and again.unchanged == 4
    assert Org.objects.count() == before


def test_import_tree_paths_stay_valid_after_bulk(world):
    run(world, xlsx(ent_rows(world, 3)))
    run(world, xlsx(ent_rows(world, 3, start=3)))
    paths = list(
        Org.objects.filter(
            path__startswith=world.county.path, depth=world.county.depth + 1
        ).values_list("path", flat=True)
    )
    assert len(paths) == len(set(paths)) == 8
    from jiangxin.orgs.services import org_create

    new = org_create(
        actor=world.province_admin,
        parent=world.county,
        name="后加企业",
        kind="enterprise",
        region_code="370102",
        uscc=make_uscc("370102", 999),
    )
    assert new.path not in paths


def test_import_one_bad_row_saves_nothing_and_annotates(world):
    rows = ent_rows(world, 3)
    rows[1][1] = "91370102000000000X"  # wrong check character
    before = Org.objects.count()
    result = run(world, xlsx(rows))
    assert not result.ok and result.created == 0
    assert Org.objects.count() == before
    assert [(e.row, e.column) for e in result.errors] == [(3, "uscc")]
    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(result.annotated))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert "Errors" in sheet[0][-1] or "错误" in sheet[0][-1]
    assert "统一社会信用代码" in sheet[2][-1] and sheet[1][-1] == ""
    names = __import__("zipfile").ZipFile(io.BytesIO(result.annotated)).namelist()
    assert any("comments" in n for n in names)  # the bad cell carries its message


@pytest.mark.parametrize(
    ("mutate", "column"),
    [
        (lambda r: r.__setitem__(3, "99"), "region_code"),
        (lambda r: r.__setitem__(2, "不存在的工会"), "parent"),
        (lambda r: r.__setitem__(0, ""), "name"),
        (lambda r: r.__setitem__(4, "Z"), "industry"),
    ],
)
def test_import_bad_cell_names_row_and_column(world, mutate, column):
    rows = ent_rows(world, 2)
    mutate(rows[0])
    result = run(world, xlsx(rows))
    assert not result.ok
    assert (2, column) in [(e.row, e.column) for e in result.errors]


def test_import_duplicate_key_in_file(world):
    rows = ent_rows(world, 2)
    rows.append(list(rows[0]))
    result = run(world, xlsx(rows))
    assert not result.ok
    error = result.errors[0]
    assert error.row == 4 and error.column == "uscc" and "2" in error.message


def test_import_conflict_with_database(world):
    rows = ent_rows(world, 1)
    rows[0][1] = world.ent_b.uscc
    result = run(world, xlsx(rows))
    assert not result.ok and result.errors[0].column == "uscc"


def test_import_parent_outside_scope_refused(world):
    rows = [["越权企业", make_uscc("370202", 7), world.other_city.name, "370202", "C"]]
    result = run(world, xlsx(rows))
    assert not result.ok and result.errors[0].column == "parent"


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"hello", "list.csv", ".xlsx"),
        (b"PK\x03\x04broken", "broken.xlsx", "corrupt"),
        (b"not a zip at all", "fake.xlsx", "corrupt"),
    ],
)
def test_import_bad_file_refused(world, data, name, fragment):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ImportFileError) as exc:
        run(world, data, name=name)
    assert fragment in str(exc.value)
    assert AuditEvent.objects.filter(action="import.orgs.enterprises", result="failure").exists()


def test_import_empty_sheet_refused(world):
    with pytest.raises(ImportFileError, match="empty|空"):
        run(world, xlsx([], headers=None))


def test_import_headers_only_refused(world):
    with pytest.raises(ImportFileError):
        run(world, xlsx([]))


def test_import_unknown_header_refused(world):
    with pytest.raises(ImportFileError) as exc:
        run(world, xlsx(ent_rows(world, 1), headers=[*HEADERS[:4], "备注栏"]))
    assert "备注栏" in str(exc.value)


def test_import_missing_header_refused(world):
    with pytest.raises(ImportFileError) as exc:
        run(world, xlsx([r[:3] for r in ent_rows(world, 1)], headers=HEADERS[:3]))
    assert "行政区划代码" in str(exc.value)


def test_import_english_headers_accepted(world):
    result = run(
        world,
        xlsx(
            ent_rows(world, 2),
            headers=[
                "Name",
                "Unified Social Credit Code",
                "Parent union",
                "Region code",
                "Industry",
            ],
        ),
    )
    assert result.ok and result.created == 2


def test_import_size_and_row_limits(world, settings):
    settings.JX_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError):
        run(world, xlsx(ent_rows(world, 4)))
    settings.JX_IMPORT_MAX_ROWS = 1000
    settings.JX_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError):
        run(world, xlsx(ent_rows(world, 50)))


def test_import_needs_permission(world):
    from django.http import Http404

    with pytest.raises(Http404):
        run(world, xlsx(ent_rows(world, 1)), actor=world.worker_a)


def test_import_upload_view_small_file_runs_at_once(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client(world.city_staff)
    assert client.get(reverse("core:import_template", args=["orgs.enterprises"])).status_code == 200
    upload = io.BytesIO(xlsx(ent_rows(world, 3)))
    upload.name = "企业.xlsx"
    response = client.post(
        reverse("core:import_upload", args=["orgs.enterprises"]), {"file": upload}
    )
    assert response.status_code == 302
    job = TaskProgress.objects.get()
    assert job.state == "done" and job.result["created"] == 3
    page = client.get(response["Location"]).content.decode()
    assert 'id="jx-import-ok"' in page


def test_import_upload_view_errors_download(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client(world.city_staff)
    rows = ent_rows(world, 2)
    rows[0][1] = "bad"
    upload = io.BytesIO(xlsx(rows))
    upload.name = "企业.xlsx"
    response = client.post(
        reverse("core:import_upload", args=["orgs.enterprises"]), {"file": upload}
    )
    job = TaskProgress.objects.get()
    assert job.result["error_count"] >= 1
    errors = client.get(reverse("core:job_errors", args=[job.pk]))
    assert errors.status_code == 200
    assert world.client(world.admin_a).get(response["Location"]).status_code == 404


def test_import_large_file_runs_as_background_job(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = world.client(world.city_staff)
    upload = io.BytesIO(xlsx(ent_rows(world, 1200)))
    upload.name = "大批量.xlsx"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("core:import_upload", args=["orgs.enterprises"]), {"file": upload}
        )
    assert "job_start" in callbacks[0].__qualname__  # enqueued after commit, not run inline
    job = TaskProgress.objects.get()
    assert job.state == "done", job.message
    assert job.total == 1200 and job.done == 1200 and job.percent == 100
    assert job.result["created"] == 1200
    assert response.status_code == 302


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(EnterpriseImport, "batch_size", 3)


def test_import_bad_row_in_a_late_batch_undoes_the_batches_written(world, small_batches):
    rows = ent_rows(world, 8)
    rows[7][3] = "990000"  # the last row, in the third batch
    before = Org.objects.count()
    result = run(world, xlsx(rows))
    assert not result.ok and result.total == 8 and result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(9, "region_code")]
    assert Org.objects.count() == before
    assert Org.objects.get(pk=world.county.pk).numchild == world.county.numchild


def test_import_duplicate_key_in_a_later_batch(world, small_batches):
    rows = ent_rows(world, 7)
    rows[6][1] = rows[0][1]
    result = run(world, xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(8, "uscc")]
    assert "2" in result.errors[0].message  # names the first row with the code
    assert not Org.objects.filter(name__startswith="导入企业").exists()


def test_import_many_batches_number_children_in_order(world, small_batches):
    result = run(world, xlsx(ent_rows(world, 10)))
    assert result.ok and result.created == 10
    county = Org.objects.get(pk=world.county.pk)
    kids = list(Org.objects.get_children(county).order_by("path"))
    assert [k.name for k in kids[-10:]] == [f"导入企业{i}" for i in range(10)]
    assert county.numchild == len(kids)
    assert all(not problems for problems in Org.objects.find_problems())  # treebeard's check


def test_import_text_longer_than_the_field_is_refused(world):
    rows = ent_rows(world, 1)
    rows[0][0] = "长" * 121
    result = run(world, xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "name")]
    assert "120" in result.errors[0].message


def test_import_blank_rows_between_data_are_skipped(world):
    rows = ent_rows(world, 2)
    result = run(world, xlsx([rows[0], ["", "", "", "", ""], rows[1], []]))
    assert result.ok and result.created == 2 and result.total == 2


def test_import_progress_is_live_while_the_file_is_validated(world, monkeypatch):
    """The long phase (validation, outside any transaction) moves the bar batch by batch;
    the write that follows is one short transaction."""
    from django.core.cache import caches

    from jiangxin.core.tasks import Progress, _live_key

    job = TaskProgress.objects.create(
        owner=world.city_staff, kind="import", title="t", state="running", attempts=1
    )
    seen = []
    prepare = EnterpriseImport.prepare

    def spy(self, actor, rows, state):
        seen.append(caches["jobs"].get(_live_key(job)))
        return prepare(self, actor, rows, state)

    monkeypatch.setattr(EnterpriseImport, "batch_size", 4)
    monkeypatch.setattr(EnterpriseImport, "prepare", spy)
    result = import_run(
        actor=world.city_staff,
        spec=EnterpriseImport(),
        data=xlsx(ent_rows(world, 10)),
        filename="e.xlsx",
        progress=Progress(job, every=1),
    )
    assert result.ok
    assert [beat[:2] for beat in seen] == [(0, 10), (4, 10), (8, 10)]


def test_import_parent_named_then_coded_then_named_again(world, small_batches):
    """A parent given by name in one batch and by credit code in a later one is still
    one union when its name comes back."""
    code = make_uscc("370102", 77)
    Org.objects.filter(pk=world.county.pk).update(uscc=code)
    rows = ent_rows(world, 9)
    for row in rows[3:6]:
        row[2] = code
    result = run(world, xlsx(rows))
    assert result.ok, result.as_dict()["errors"]
    assert result.created == 9


def test_import_files_purge_removes_old_uploads_only(settings, tmp_path):
    import os
    import time

    from django.core.management import call_command

    from jiangxin.core.import_jobs import import_files_purge

    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports"
    folder.mkdir()
    old, new = folder / "old-errors.xlsx", folder / "new.xlsx"
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    eight_days_ago = time.time() - 8 * 86400
    os.utime(old, (eight_days_ago, eight_days_ago))
    assert import_files_purge() == 1
    assert not old.exists() and new.exists()
    call_command("jx_purge_imports")
    assert new.exists()
