from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from jiangxin.achievements import services
from jiangxin.achievements.models import Achievement, Attachment, BenefitEntry, Patent
from jiangxin.core.models import AuditEvent
from jiangxin.testing.exports import export_get
from jiangxin.testing.people import make_worker

from .helpers import PDF, make_studio, pnum, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _client(world, user):
    client = world.client(user)
    client.cookies["jx_language"] = "en"
    return client


@pytest.fixture
def cast(world):
    w1 = make_worker(world.ent_a, 1, name="栾军")
    w2 = make_worker(world.ent_a, 2, name="王强")
    studio = make_studio(world.ent_a, w1, "栾军创新工作室")
    a = submit(world.admin_a, world.ent_a, [w1, w2], studio=studio, completed_on=date(2023, 5, 1))
    return {"w": (w1, w2), "studio": studio, "a": a}


def test_achievement_list_filters_and_partial(world, cast):
    client = _client(world, world.admin_a)
    submit(
        world.admin_a, world.ent_a, cast["w"][:1], title="优化交接班记录表", kind="small_suggestion"
    )
    page = client.get(reverse("achievements:list")).content.decode()
    assert "转炉炼钢终点控制技术" in page and "栾军、王强" in page and "优化交接班记录表" in page
    only = client.get(reverse("achievements:list"), {"kind": "small_suggestion"}).content.decode()
    assert "优化交接班记录表" in only and "转炉炼钢终点控制技术" not in only
    found = client.get(reverse("achievements:list"), {"q": "转炉"}).content.decode()
    assert "转炉炼钢终点控制技术" in found and "优化交接班记录表" not in found
    by_year = client.get(reverse("achievements:list"), {"year": 2023, "status": "submitted"})
    assert "转炉炼钢终点控制技术" in by_year.content.decode()
    assert "优化交接班记录表" not in by_year.content.decode()
    partial = client.get(
        reverse("achievements:list"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="achievement-results",
    )
    assert b"<html" not in partial.content and "转炉" in partial.content.decode()
    assert _client(world, world.worker_a).get(reverse("achievements:list")).status_code == 404
    assert (
        _client(world, world.admin_b)
        .get(reverse("achievements:list"))
        .content.decode()
        .count("转炉炼钢")
        == 0
    )


def test_achievement_list_query_count_is_fixed(world, cast, django_assert_max_num_queries):
    client = _client(world, world.city_staff)
    w1, w2 = cast["w"]
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("achievements:list"))
    for n in range(40):
        a = submit(world.admin_a, world.ent_a, [w1, w2], title=f"成果{n}")
        BenefitEntry.objects.create(achievement=a, year=2024, claimed_yuan=100)
    with django_assert_max_num_queries(20) as many:
        response = client.get(reverse("achievements:list"))
    assert "成果39" in response.content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)


def test_achievement_detail_shows_everything(world, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = cast["a"]
    services.patent_add(
        actor=world.admin_a, achievement=a, application_number=pnum(2022, "invention", 3)
    )
    e1 = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2023, claimed_yuan="4300000000"
    )
    services.benefit_certify(actor=world.city_staff, entry=e1, certified_yuan="4300000000")
    services.benefit_claim(actor=world.admin_a, achievement=a, year=2024, claimed_yuan="1000")
    services.attachment_add(actor=world.admin_a, achievement=a, upload=upload("证明.pdf", PDF))
    page = (
        _client(world, world.city_staff)
        .get(reverse("achievements:detail", args=[a.pk]))
        .content.decode()
    )
    assert pnum(2022, "invention", 3) in page and "证明.pdf" in page
    assert "4,300,001,000.00" in page and "4,300,000,000.00" in page  # claimed vs certified totals
    assert page.index("栾军") < page.index("王强")
    assert "Certify" in page


def test_achievement_submit_view_with_picked_completers(world, cast):
    w1, w2 = cast["w"]
    client = _client(world, world.admin_a)
    page = client.get(reverse("achievements:submit")).content.decode()
    assert world.ent_a.name in page and world.ent_a.uscc in page  # the enterprise, preset
    response = client.post(
        reverse("achievements:submit"),
        {
            "title": "钢包快速周转工艺改进",
            "kind": "process_improvement",
            "enterprise": world.ent_a.pk,
            "completers": [w2.pk, w1.pk],
            "completers_share": ["60", "40%"],
            "studio": "栾军创新工作室",
            "completed_on": "2024-01-10",
        },
    )
    assert response.status_code == 302
    a = Achievement.objects.get(title="钢包快速周转工艺改进")
    assert [(c.worker.name, c.share_pct) for c in a.completers.all()] == [
        ("王强", Decimal("60.00")),
        ("栾军", Decimal("40.00")),
    ]
    assert a.studio == cast["studio"]


def test_achievement_submit_view_bad_input_changes_nothing(world, cast):
    stranger = make_worker(world.ent_b, 4, name="赵六")  # a sibling enterprise's worker
    client = _client(world, world.admin_a)
    response = client.post(
        reverse("achievements:submit"),
        {
            "title": "转炉炼钢终点控制技术的改进",
            "kind": "technical_innovation",
            "enterprise": world.ent_a.pk,
            "completers": [cast["w"][0].pk, stranger.pk],
            "studio": "不存在的工作室",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    text = str(errors["completers"])
    assert "Completers, in order: no such choice in your scope" in text
    assert "赵六" not in response.content.decode()  # the foreign worker is not shown
    assert "studio" in errors
    assert "转炉炼钢终点控制技术" in response.content.decode()  # the similar-achievements panel
    assert Achievement.objects.count() == 1


def test_achievement_edit_completers_and_transition_views(world, cast):
    a, (w1, w2) = cast["a"], cast["w"]
    client = _client(world, world.admin_a)
    assert client.get(reverse("achievements:edit", args=[a.pk])).status_code == 200
    response = client.post(
        reverse("achievements:edit", args=[a.pk]),
        {"title": "转炉终点碳温控制技术", "kind": "technical_innovation", "studio": ""},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.title == "转炉终点碳温控制技术" and a.studio is None
    response = client.post(
        reverse("achievements:completers", args=[a.pk]), {"completers": [w2.pk, w1.pk]}
    )
    assert response.status_code == 302
    assert list(a.completers.values_list("worker_id", flat=True)) == [w2.pk, w1.pk]
    client.post(reverse("achievements:transition", args=[a.pk]), {"status": "accepted"})
    a.refresh_from_db()
    assert a.status == "submitted"  # an enterprise admin cannot accept
    _client(world, world.city_staff).post(
        reverse("achievements:transition", args=[a.pk]), {"status": "accepted"}
    )
    a.refresh_from_db()
    assert a.status == "accepted"


def test_patent_and_benefit_views(world, cast):
    a = cast["a"]
    client = _client(world, world.admin_a)
    bad = client.post(
        reverse("achievements:patent_add", args=[a.pk]),
        {"application_number": "202310123456.0", "status": "applied"},
    )
    assert bad.status_code == 200 and "application_number" in bad.context["form"].errors
    mismatch = client.post(
        reverse("achievements:patent_add", args=[a.pk]),
        {
            "application_number": pnum(2023, "design", 9),
            "patent_type": "invention",
            "status": "applied",
        },
    )
    assert "patent_type" in mismatch.context["form"].errors
    ok = client.post(
        reverse("achievements:patent_add", args=[a.pk]),
        {"application_number": pnum(2023, "design", 9), "status": "applied"},
    )
    assert ok.status_code == 302 and Patent.objects.get().patent_type == "design"
    client.post(
        reverse("achievements:benefit_claim", args=[a.pk]), {"year": 2024, "claimed_yuan": "2000"}
    )
    entry = BenefitEntry.objects.get()
    url = reverse("achievements:benefit_certify", args=[entry.pk])
    assert client.get(url).status_code == 404  # an enterprise admin cannot certify
    staff = _client(world, world.city_staff)
    too_much = staff.post(url, {"certified_yuan": "2500"})
    assert too_much.status_code == 200 and "certified_yuan" in too_much.context["form"].errors
    assert staff.post(url, {"certified_yuan": "1800"}).status_code == 302
    entry.refresh_from_db()
    assert entry.certified_yuan == Decimal("1800.00") and entry.certified_by == world.city_staff


def test_attachment_upload_and_scoped_download(world, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = cast["a"]
    client = _client(world, world.admin_a)
    fake = client.post(
        reverse("achievements:attachment_add", args=[a.pk]), {"file": upload("x.pdf", b"not a pdf")}
    )
    assert fake.status_code == 200 and "file" in fake.context["form"].errors
    assert (
        client.post(
            reverse("achievements:attachment_add", args=[a.pk]),
            {"file": upload("鉴定报告.pdf", PDF)},
        ).status_code
        == 302
    )
    att = Attachment.objects.get()
    response = client.get(reverse("achievements:attachment_download", args=[att.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert (
        _client(world, world.admin_b)
        .get(reverse("achievements:attachment_download", args=[att.pk]))
        .status_code
        == 404
    )


def test_achievement_export(world, cast):
    services.benefit_claim(
        actor=world.admin_a, achievement=cast["a"], year=2024, claimed_yuan="100"
    )
    response = export_get(
        _client(world, world.admin_a),
        reverse("achievements:export"),
        {"kind": "technical_innovation"},
    )
    assert response.status_code == 200
    import io

    from python_calamine import CalamineWorkbook

    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][0] == "转炉炼钢终点控制技术" and rows[1][6] == "栾军、王强" and rows[1][8] == 100
    assert AuditEvent.objects.filter(action="export", details__kind="achievements").exists()
    assert _client(world, world.worker_a).get(reverse("achievements:export")).status_code == 404


def test_achievement_nav_item(world):
    page = _client(world, world.admin_a).get(reverse("core:home")).content.decode()
    assert reverse("achievements:list") in page
    assert (
        reverse("achievements:list")
        not in _client(world, world.worker_a).get(reverse("core:home")).content.decode()
    )


def test_achievement_api_list_and_detail(world, cast):
    from jiangxin.accounts.services import api_token_create

    a = cast["a"]
    entry = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2024, claimed_yuan="300"
    )
    services.benefit_certify(actor=world.city_staff, entry=entry, certified_yuan="200")
    services.patent_add(actor=world.admin_a, achievement=a, application_number=pnum(2021, "pct", 4))
    _t, raw = api_token_create(actor=world.admin_a, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = _client(world, None)
    page = client.get(reverse("api:achievements_list"), {"size": 1}, **auth).json()
    assert page["items"][0]["completers"] == ["栾军", "王强"]
    assert Decimal(page["items"][0]["certified_total"]) == 200
    detail = client.get(reverse("api:achievements_detail", args=[a.pk]), **auth).json()
    assert [c["order"] for c in detail["completers"]] == [1, 2]
    assert detail["patents"][0]["patent_type"] == "pct"
    assert Decimal(detail["benefit_totals"]["claimed"]) == 300
    assert Decimal(detail["benefit_totals"]["certified"]) == 200


def test_achievement_admin_is_read_only_and_scoped(world, cast, admin_client):
    from jiangxin.accounts.models import User

    for model in ("achievement", "patent", "benefitentry", "attachment"):
        assert (
            admin_client.get(reverse(f"admin:achievements_{model}_changelist")).status_code == 200
        )
    a = cast["a"]
    page = admin_client.get(reverse("admin:achievements_achievement_change", args=[a.pk]))
    assert page.status_code == 200 and "栾军" in page.content.decode()
    staff = User.objects.get(pk=world.admin_b.pk)
    staff.is_staff = True
    staff.save()
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_achievement"))
    client = world.client(staff)
    listing = client.get(reverse("admin:achievements_achievement_changelist")).content.decode()
    assert a.title not in listing


def test_api_detail_shows_a_patents_office_and_dates(world, cast):
    from jiangxin.accounts.services import api_token_create

    a = cast["a"]
    services.patent_add(
        actor=world.admin_a,
        achievement=a,
        office="pct",
        application_number="PCT/CN2024/123456",
        filed_on=date(2024, 3, 1),
    )
    _t, raw = api_token_create(actor=world.admin_a, name="t")
    detail = (
        world.client(None)
        .get(reverse("api:achievements_detail", args=[a.pk]), HTTP_AUTHORIZATION=f"Bearer {raw}")
        .json()
    )
    assert detail["patents"] == [
        {
            "office": "pct",
            "application_number": "PCT/CN2024/123456",
            "patent_type": "pct",
            "title": a.title,
            "filed_on": "2024-03-01",
            "status": "applied",
            "grant_date": None,
            "grant_number": "",
        }
    ]
