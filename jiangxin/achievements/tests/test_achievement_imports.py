import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.urls import reverse
from django.utils import translation

from jiangxin.achievements.imports import AchievementImport
from jiangxin.achievements.models import Achievement, BenefitEntry, Completer, Patent
from jiangxin.core.import_registry import import_spec
from jiangxin.core.imports import import_run, import_template
from jiangxin.core.search import search_ids
from jiangxin.testing.people import make_worker, resident_id

from .helpers import make_studio, pnum

pytestmark = pytest.mark.django_db
HEADERS = [
    "成果名称", "成果类别", "单位统一社会信用代码", "第一完成人身份证号", "第二完成人身份证号",
    "第三完成人身份证号", "创新工作室", "完成日期", "申报效益（元）", "效益年度", "专利申请号",
]  # fmt: skip


def xlsx(rows, headers=HEADERS) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    book.close()
    return buf.getvalue()


def rid(worker) -> str:
    from jiangxin.people.crypto import pii_decrypt

    return pii_decrypt(worker.id_cipher)


@pytest.fixture
def cast(world):
    ws = [
        make_worker(world.ent_a, n, name=name)
        for n, name in ((1, "栾军"), (2, "王强"), (3, "李华"))
    ]
    studio = make_studio(world.ent_a, ws[0], "栾军创新工作室")
    return {"w": ws, "studio": studio, "code": world.ent_a.uscc}


def good_rows(cast):
    w1, w2, w3 = (rid(w) for w in cast["w"])
    code = cast["code"]
    return [
        [
            "转炉终点控制技术",
            "technical_innovation",
            code,
            w1,
            w2,
            w3,
            "栾军创新工作室",
            "2023-05-01",
            "1200000",
            2024,
            pnum(2023, "invention", 1),
        ],
        ["栾军炼钢操作法", "operating_method", code, w1, "", "", "", "2022/10/01", "", "", ""],
        [
            "炉前测温枪支架",
            "small_design",
            code,
            w2,
            w1,
            "",
            "",
            "",
            "",
            "",
            pnum(2022, "design", 2),
        ],
    ]


def run(world, data, actor=None):
    return import_run(
        actor=actor or world.admin_a, spec=AchievementImport(), data=data, filename="a.xlsx"
    )


def test_achievement_import_good_file_and_idempotent(world, cast):
    data = xlsx(good_rows(cast))
    result = run(world, data)
    assert result.ok and result.created == 3, result.errors
    a = Achievement.objects.get(title="转炉终点控制技术")
    assert (
        a.studio == cast["studio"] and a.enterprise == world.ent_a and a.created_by == world.admin_a
    )
    assert list(a.completers.values_list("worker__name", flat=True)) == ["栾军", "王强", "李华"]
    assert BenefitEntry.objects.get(achievement=a, year=2024).claimed_yuan == Decimal("1200000.00")
    assert Patent.objects.get(achievement=a).patent_type == "invention"
    assert Patent.objects.get(application_number=pnum(2022, "design", 2)).patent_type == "design"
    assert search_ids("achievement", "转炉", org_paths=(world.ent_a.path,)) == [a.pk]
    again = run(world, data)
    assert again.ok and again.created == 0 and again.unchanged == 3
    assert Achievement.objects.count() == 3 and Completer.objects.count() == 6
    assert Patent.objects.count() == 2 and BenefitEntry.objects.count() == 1


def test_achievement_import_bad_rows_change_nothing(world, cast):
    w1 = rid(cast["w"][0])
    code = cast["code"]
    other_studio = make_studio(world.ent_b, make_worker(world.ent_b, 40), "乙电力创新工作室")
    bad_check = pnum(2023, "invention", 5)
    bad_check = bad_check[:-1] + ("1" if bad_check[-1] == "0" else "0")
    rows = good_rows(cast) + [
        ["乙企业的成果", "invention", world.ent_b.uscc, w1, "", "", "", "", "", "", ""],  # 5
        ["坏身份证", "invention", code, "110105194912310021", "", "", "", "", "", "", ""],  # 6
        ["未登记职工", "invention", code, resident_id(77), "", "", "", "", "", "", ""],  # 7
        ["别家工作室", "invention", code, w1, "", "", other_studio.name, "", "", "", ""],  # 8
        ["坏专利号", "invention", code, w1, "", "", "", "", "", "", bad_check],  # 9
        ["只有效益", "invention", code, w1, "", "", "", "", "5000", "", ""],  # 10
        ["坏类别", "大发明", code, w1, "", "", "", "", "", "", ""],  # 11
        ["转炉终点控制技术", "invention", code, w1, "", "", "", "", "", "", ""],  # 12 dup
        [
            "重复专利",
            "invention",
            code,
            w1,
            "",
            "",
            "",
            "",
            "",
            "",
            pnum(2023, "invention", 1),
        ],  # 13
        ["重复完成人", "invention", code, w1, w1, "", "", "", "", "", ""],  # 14
        [
            "错误操作法",
            "operating_method",
            code,
            rid(cast["w"][1]),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # 15
    ]
    with translation.override("en"):
        result = run(world, xlsx(rows))
    assert not result.ok and result.created == 0
    by_row = {(e.row, e.column) for e in result.errors}
    assert {
        (5, "enterprise"),
        (6, "completer_1"),
        (7, "completer_1"),
        (8, "studio"),
        (9, "patent"),
        (10, "year"),
        (11, "kind"),
        (12, "title"),
        (13, "patent"),
        (14, "completer_2"),
        (15, "title"),
    } <= by_row
    assert not {r for r, _c in by_row} & {2, 3, 4}
    assert Achievement.objects.count() == 0 and Patent.objects.count() == 0
    assert result.annotated and result.annotated.startswith(b"PK")


def test_achievement_import_registered_with_template(world, cast):
    spec = import_spec("achievements.achievements")
    assert isinstance(spec, AchievementImport)
    assert import_template(spec).startswith(b"PK")
    client = world.client(world.admin_a)
    assert (
        client.get(reverse("core:import_template", args=["achievements.achievements"])).status_code
        == 200
    )
    assert (
        world.client(world.worker_a)
        .get(reverse("core:import_upload", args=["achievements.achievements"]))
        .status_code
        == 404
    )


def _row(cast, title, benefit="", year="", patents=""):
    return [
        title,
        "invention",
        cast["code"],
        rid(cast["w"][0]),
        "",
        "",
        "",
        "",
        benefit,
        year,
        patents,
    ]


def test_achievement_import_several_patents_and_benefit_years(world, cast):
    cn1, cn2 = pnum(2023, "invention", 31), pnum(2022, "utility_model", 32)
    rows = [
        _row(
            cast,
            "多专利多年度",
            "2023:120000；2024：80000;2025:1,000",
            "",
            f"{cn1}；PCT/CN2024/123456;US17/123,456、EP21812345.3\nJP実願2021-001234；"
            f"KR10-2020-0123456（实用新型）；ZL{cn2}",
        ),
        _row(cast, "单年度", "5000", 2024, ""),
    ]
    with translation.override("zh-hans"):
        result = run(world, xlsx(rows))
    assert result.ok and result.created == 2, result.errors
    a = Achievement.objects.get(title="多专利多年度")
    assert list(a.benefits.order_by("year").values_list("year", "claimed_yuan")) == [
        (2023, Decimal("120000.00")),
        (2024, Decimal("80000.00")),
        (2025, Decimal("1000.00")),
    ]
    assert set(a.patents.values_list("office", "application_number", "patent_type")) == {
        ("cn", cn1, "invention"),
        ("pct", "PCT/CN2024/123456", "pct"),
        ("us", "17/123,456", "invention"),
        ("ep", "EP21812345.3", "invention"),
        ("jp", "実願2021-001234", "utility_model"),
        ("other", "KR10-2020-0123456", "utility_model"),
        ("cn", cn2, "utility_model"),
    }
    assert BenefitEntry.objects.get(achievement__title="单年度").year == 2024
    again = run(world, xlsx(rows))
    assert again.ok and again.created == 0 and again.unchanged == 2
    assert Patent.objects.count() == 7 and BenefitEntry.objects.count() == 4


def test_achievement_import_multi_cells_errors_name_row_field_and_item(world, cast):
    rows = [
        _row(cast, "好的", "2024:100", "", "PCT/CN2024/000001"),
        _row(cast, "坏年份", "2024:100；2024:200", "", ""),  # 3
        _row(cast, "年份和列都有", "2024:100", 2024, ""),  # 4
        _row(cast, "坏金额", "2023:abc", "", ""),  # 5
        _row(cast, "坏EP", "", "", "PCT/CN2024/000002；EP21812345.6"),  # 6
        _row(cast, "同格重复", "", "", "PCT/CN2024/000003;pct/cn2024/000003"),  # 7
        _row(cast, "跨行重复", "", "", "PCT/CN2024/000001"),  # 8
        _row(cast, "坏类型", "", "", "KR10-2020-0123456（大专利）"),  # 9
    ]
    with translation.override("en"):
        result = run(world, xlsx(rows))
    assert not result.ok and Achievement.objects.count() == 0 and Patent.objects.count() == 0
    msgs = {(e.row, e.column): e.message for e in result.errors}
    assert "The year 2024 is given twice." in msgs[(3, "claimed_yuan")]
    assert "leave this column empty" in msgs[(4, "year")]
    assert "2023:abc" in msgs[(5, "claimed_yuan")]
    assert "Patent 2 (EP21812345.6)" in msgs[(6, "patent")]
    assert "must be 3, not 6" in msgs[(6, "patent")]
    assert "given twice in this cell" in msgs[(7, "patent")]
    assert "PCT/CN2024/000001 appears twice in this file." in msgs[(8, "patent")]
    assert "not a patent type" in msgs[(9, "patent")]
    assert 2 not in {r for r, _c in msgs}
    for message in msgs.values():  # no internal column names in the messages
        assert "claimed_yuan" not in message and "patent_type" not in message


def test_achievement_import_error_workbook_uses_headers_not_keys(world, cast):
    from python_calamine import CalamineWorkbook

    result = run(world, xlsx([_row(cast, "坏EP", "", "", "EP21812345.6")]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(result.annotated)).get_sheet_by_index(0)
    rows = sheet.to_python()
    last = rows[1][-1]
    assert "专利申请号" in last and "patent" not in last.replace("Patent", "")


def test_achievement_import_template_documents_the_cell_formats(world):
    from jiangxin.achievements.imports import AchievementImport

    notes = {c.key: str(c.note) for c in AchievementImport.columns}
    assert "2024:120000" in notes["claimed_yuan"]
    assert "PCT/CN2024/123456" in notes["patent"] and "；" in notes["patent"]


def test_achievement_import_page_names_columns_by_header(world, cast, settings, tmp_path):
    from jiangxin.core.models import TaskProgress

    settings.MEDIA_ROOT = tmp_path
    client = world.client(world.admin_a)
    upload = io.BytesIO(xlsx([_row(cast, "坏效益", "2024:abc", "", "EP21812345.6")]))
    upload.name = "成果.xlsx"
    response = client.post(
        reverse("core:import_upload", args=["achievements.achievements"]), {"file": upload}
    )
    job = TaskProgress.objects.get()
    columns = {e[1] for e in job.result["errors"]}
    assert len(columns) == 2 and not columns & {"patent", "claimed_yuan"}
    assert any("专利申请号" in c for c in columns) and any("申报效益" in c for c in columns)
    page = client.get(response["Location"]).content.decode()
    assert "专利申请号" in page and ">patent<" not in page and ">claimed_yuan<" not in page


def test_achievement_import_one_audit_event_per_file_across_batches(world, cast, monkeypatch):
    from jiangxin.core.models import AuditEvent

    monkeypatch.setattr(AchievementImport, "batch_size", 1)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = run(world, xlsx(good_rows(cast)))
    assert result.ok and result.created == len(good_rows(cast)), result.errors
    events = list(AuditEvent.objects.filter(pk__gt=before))
    assert [e.action for e in events] == ["import.achievements.achievements"]
    details = events[0].details
    assert details["patents"] == Patent.objects.count() > 0
    assert details["benefit_entries"] == BenefitEntry.objects.count() > 0


def test_achievement_import_and_benefit_claim_refuse_the_same_years(world, cast):
    """One rule for the benefit year (1990 to this year), in the form and in the file."""
    from django.core.exceptions import ValidationError

    from jiangxin.achievements.services import benefit_claim

    row = good_rows(cast)[0][:]
    row[8], row[9] = "5000", "1985"
    with translation.override("en"):
        result = run(world, xlsx([row]))
        assert not result.ok
        (message,) = [e.message for e in result.errors if e.column == "year"]
        achievement = Achievement.objects.create(
            title="旧成果", kind="invention", enterprise=world.ent_a
        )
        with pytest.raises(ValidationError) as form:
            benefit_claim(
                actor=world.admin_a, achievement=achievement, year=1985, claimed_yuan=5000
            )
    assert form.value.message_dict["year"] == [message]


def test_achievement_import_title_entered_between_validation_and_write_is_not_doubled(world, cast):
    """(enterprise, title) is no database constraint: an achievement entered by hand
    after the file was validated is found again inside the write, the file validated
    again, and that row counts as unchanged."""

    def entered_meanwhile(phase):
        if not Achievement.objects.filter(title="栾军炼钢操作法").exists():
            Achievement.objects.create(
                title="栾军炼钢操作法",
                kind="operating_method",
                enterprise=world.ent_a,
                created_by=world.admin_a,
            )

    result = import_run(
        actor=world.admin_a,
        spec=AchievementImport(),
        data=xlsx(good_rows(cast)),
        filename="a.xlsx",
        on_phase=entered_meanwhile,
    )
    assert result.ok and result.created == 2 and result.unchanged == 1, result.errors
    assert Achievement.objects.filter(title="栾军炼钢操作法").count() == 1
    assert Achievement.objects.count() == 3
