"""The studio pages: list (filters, htmx, keyset, fixed query count), detail, the action
forms, Excel export and import, and the nav."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.urls import reverse

from jiangxin.core.import_registry import import_spec
from jiangxin.core.imports import import_run
from jiangxin.core.models import AuditEvent
from jiangxin.studios import selectors
from jiangxin.studios.enums import StudioStatus
from jiangxin.studios.models import NamingRule, Studio
from jiangxin.testing.exports import export_get
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db


def _many_studios(cast, n, start=200):
    w = cast.world
    for i in range(n):
        leader = make_worker(w.ent_a, start + i, name=f"匠人{start + i}")
        cast.apply(leader, name=f"匠人{start + i}创新工作室")


def test_studio_list_filters_and_htmx_partial(cast):
    w = cast.world
    cast.apply()
    other = make_worker(w.ent_a, 7, name="郑十")
    cast.approve(cast.apply(other, level="city"), w.admin_a)
    client = w.client(w.admin_a)
    body = client.get(reverse("studios:list")).content.decode()
    assert "栾军创新工作室" in body and "郑十创新工作室" in body
    partial = client.get(
        reverse("studios:list"),
        {"status": "under_review"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="studio-results",
    ).content.decode()
    assert "<html" not in partial and "郑十创新工作室" in partial and "栾军创新" not in partial
    by_level = client.get(reverse("studios:list"), {"level": "provincial"}).content.decode()
    assert "栾军创新工作室" in by_level and "郑十创新工作室" not in by_level
    by_q = client.get(reverse("studios:list"), {"q": "郑"}).content.decode()
    assert "郑十创新工作室" in by_q and "栾军创新工作室" not in by_q
    # The city sees the one waiting for it under "waiting for my review".
    todo = w.client(w.city_staff).get(reverse("studios:list"), {"todo": "1"}).content.decode()
    assert "郑十创新工作室" in todo and "栾军创新工作室" not in todo


def test_studio_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    client = cast.world.client(cast.world.province_admin)
    _many_studios(cast, 2)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("studios:list"))
    _many_studios(cast, 30, start=300)
    with django_assert_max_num_queries(15) as many:
        client.get(reverse("studios:list"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_studio_list_keyset_pages_through_all(cast):
    _many_studios(cast, 12)
    seen, cursor = [], None
    while True:
        page = selectors.studio_list(cast.world.city_staff, cursor=cursor, size=5)
        seen += [s.pk for s in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 12


def test_studio_pages_are_for_studio_roles_only(cast):
    w = cast.world
    studio = cast.apply()
    for user in (w.worker_a, w.auditor, w.outsider):
        client = w.client(user)
        assert client.get(reverse("studios:list")).status_code == 404
        assert client.get(reverse("studios:detail", args=[studio.pk])).status_code == 404
    worker_nav = w.client(w.worker_a).get("/").context["nav_items"]
    assert reverse("studios:list") not in [i["url"] for i in worker_nav]
    assert reverse("studios:list") in [
        i["url"] for i in w.client(w.admin_a).get("/").context["nav_items"]
    ]


def test_studio_detail_shows_rules_members_and_actions_per_role(
    cast, django_assert_max_num_queries
):
    w = cast.world
    NamingRule.objects.create(
        code="leader",
        description="领办人为省级以上劳模、五一奖章获得者或工匠",
        kind="leader_honour",
        params={"categories": ["model_worker", "craftsman"], "levels": ["provincial"]},
    )
    NamingRule.objects.create(
        code="members", description="成员不少于10人", kind="min_members", params={"count": 10}
    )
    studio = cast.apply()
    url = reverse("studios:detail", args=[studio.pk])
    client = w.client(w.admin_a)
    # rules checked live (one query or two a rule), achievements, totals, 公示 links
    with django_assert_max_num_queries(24):
        response = client.get(url)
    body = response.content.decode()
    assert "✓" in body and "✗" in body
    assert "齐鲁工匠 (2021)" in body and "成员不少于10人" in body
    assert response.context["actions"] >= {"review", "members"}
    city = w.client(w.city_staff).get(url).context["actions"]
    assert "review" not in city  # not the city's turn yet
    assert w.client(w.province_admin).get(url).context["actions"] == {"revoke"} | {"members"}


def test_studio_apply_form_creates_and_reports_bad_input(cast):
    w = cast.world
    client = w.client(w.admin_a)
    form = client.get(reverse("studios:apply")).context["form"]
    assert form.initial["host"] == w.ent_a
    data = {
        "host": w.ent_a.pk,
        "leader": cast.worker_b.pk,
        "name": "李四创新工作室",
        "field": "电力",
        "level": "city",
        "established_on": "2020-01-01",
    }
    response = client.post(reverse("studios:apply"), data)
    assert response.status_code == 200
    assert "leader" in response.context["form"].errors  # B's worker: not in scope
    data["host"] = w.ent_b.pk
    response = client.post(reverse("studios:apply"), data)
    assert "host" in response.context["form"].errors
    assert not Studio.objects.exists()

    data.update(
        host=w.ent_a.pk,
        leader=cast.leader_a.pk,
        name="栾军创新工作室",
    )
    response = client.post(reverse("studios:apply"), data)
    studio = Studio.objects.get()
    assert response.status_code == 302 and response["Location"] == studio.get_absolute_url()
    assert studio.status == StudioStatus.SUBMITTED and studio.leader == cast.leader_a


def test_studio_review_and_naming_forms(cast):
    w = cast.world
    studio = cast.apply()
    response = w.client(w.city_staff).post(
        reverse("studios:review", args=[studio.pk]), {"decision": "approve"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = w.client(w.admin_a).post(
        reverse("studios:review", args=[studio.pk]), {"decision": "approve", "comment": "推荐"}
    )
    assert response.status_code == 302
    cast.approve(studio, w.city_staff, w.province_admin)
    url = reverse("studios:name", args=[studio.pk])
    data = {
        "document_number": "鲁工发〔2026〕9号",
        "unveiled_on": "2026-06-01",
        "level": "provincial",
    }
    response = w.client(w.province_admin).post(url, data)
    assert response.status_code == 200  # the announcement is still running
    cast.end_announcement(studio)
    response = w.client(w.province_admin).post(url, data)
    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.status == StudioStatus.NAMED
    detail = w.client(w.province_admin).get(studio.get_absolute_url()).content.decode()
    assert reverse("studios:certificate", args=[studio.pk]) in detail


def test_studio_member_forms(cast):
    w = cast.world
    studio = cast.apply()
    client = w.client(w.admin_a)
    url = reverse("studios:member_add", args=[studio.pk])
    data = {"worker": cast.member_a.pk, "role": "core", "joined_on": "2024-01-01"}
    response = client.post(url, data)
    assert response.status_code == 302
    member = studio.members.get(worker=cast.member_a)
    response = client.post(url, data)
    assert response.context["form"].errors  # a member already
    response = client.post(reverse("studios:member_remove", args=[member.pk]))
    assert response.status_code == 302 and not studio.members.filter(pk=member.pk).exists()


def test_studio_export_writes_rows_and_audits(cast):
    cast.apply()
    client = cast.world.client(cast.world.admin_a)
    response = export_get(client, reverse("studios:export"))
    assert response.status_code == 200
    data = response.content
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "栾军创新工作室" and rows[1][1] == "栾军"
    assert AuditEvent.objects.filter(action="export", details__kind="studios").exists()


def _xlsx(rows):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return buf.getvalue()


HEADER = ["Name", "Leader resident ID number", "Host Unified Social Credit Code", "Technical field"]
HEADER += ["Level", "Established on", "Space (m²)", "Funding (yuan)"]


def test_studio_import_creates_drafts_and_is_idempotent(cast):
    w = cast.world
    spec = import_spec("studios.studios")
    assert spec is not None
    leader_rid = resident_id(1, birth=cast.leader_a.birth_date)
    good = _xlsx(
        [
            HEADER,
            [
                "栾军创新工作室",
                leader_rid,
                w.ent_a.uscc,
                "炼钢",
                "provincial",
                "2019-05-01",
                120,
                50000,
            ],
        ]
    )
    result = import_run(actor=w.admin_a, spec=spec, data=good, filename="s.xlsx")
    assert result.ok and result.created == 1
    studio = Studio.objects.get()
    assert studio.status == StudioStatus.DRAFT and studio.members.get().role == "leader"
    again = import_run(actor=w.admin_a, spec=spec, data=good, filename="s.xlsx")
    assert again.ok and again.created == 0 and again.unchanged == 1

    outsider_rid = resident_id(3, birth=cast.worker_b.birth_date)
    bad = _xlsx(
        [
            HEADER,
            ["乙工作室", outsider_rid, w.ent_a.uscc, "电力", "city", "2019-05-01", "", ""],
            ["坏级别", leader_rid, w.ent_a.uscc, "x", "galactic", "2019-05-01", "", ""],
            ["坏面积", leader_rid, w.ent_b.uscc, "x", "city", "2019-05-01", "-3", ""],
        ]
    )
    result = import_run(actor=w.admin_a, spec=spec, data=bad, filename="bad.xlsx")
    assert not result.ok
    columns = {(e.row, e.column) for e in result.errors}
    assert (2, "leader_resident_id") in columns
    assert (3, "level") in columns
    assert (4, "space_m2") in columns
    assert Studio.objects.count() == 1  # nothing written
    # The draft goes up the review path when its union submits it.
    from jiangxin.studios import services

    studio = services.studio_resubmit(actor=w.admin_a, studio=studio)
    assert studio.status == StudioStatus.SUBMITTED and studio.rules_checked_at


def test_studio_import_template_downloads(cast):
    response = cast.world.client(cast.world.admin_a).get(
        reverse("core:import_template", args=["studios.studios"])
    )
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_studio_resubmit_form_is_prefilled(cast):
    w = cast.world
    studio = cast.approve(cast.apply(), w.admin_a)
    from jiangxin.studios import services

    services.studio_review(actor=w.city_staff, studio=studio, decision="return", comment="补充")
    url = reverse("studios:resubmit", args=[studio.pk])
    client = w.client(w.admin_a)
    form = client.get(url).context["form"]
    assert form.initial["name"] == studio.name
    data = {
        "name": studio.name,
        "field": "新领域",
        "level": "provincial",
        "established_on": date(2019, 5, 1).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    studio.refresh_from_db()
    assert studio.status == StudioStatus.SUBMITTED and studio.field == "新领域"
