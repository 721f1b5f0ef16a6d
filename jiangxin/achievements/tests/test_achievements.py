from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from jiangxin.achievements import services
from jiangxin.achievements.enums import AchievementKind, AchievementStatus, PatentType
from jiangxin.achievements.models import Achievement, Attachment, BenefitEntry, Completer, Patent
from jiangxin.achievements.services import CompleterIn
from jiangxin.core.models import AuditEvent
from jiangxin.core.search import search_ids
from jiangxin.testing.people import make_worker

from .helpers import JPG, PDF, PNG, make_studio, office, pnum, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def team(world):
    return [
        make_worker(world.ent_a, n, name=name) for n, name in enumerate(["栾军", "王强", "李华"])
    ]


def test_achievement_submit_records_completers_in_order_and_audits(world, team):
    studio = make_studio(world.ent_a, team[0], "栾军创新工作室")
    a = submit(
        world.admin_a,
        world.ent_a,
        [CompleterIn(team[2], 2, Decimal(30)), CompleterIn(team[0], 1, Decimal(70))],
        studio=studio,
        completed_on=date(2023, 5, 1),
    )
    assert a.status == AchievementStatus.SUBMITTED and a.created_by == world.admin_a
    assert [(c.order, c.worker.name) for c in a.completers.order_by("order")] == [
        (1, "栾军"),
        (2, "李华"),
    ]
    event = AuditEvent.objects.get(action="achievement.submit")
    assert event.org_path == world.ent_a.path and event.object_id == str(a.pk)
    assert search_ids("achievement", "炼钢", org_paths=(world.ent_a.path,)) == [a.pk]
    assert search_ids("achievement", "栾军", org_paths=(world.ent_a.path,)) == [a.pk]


def test_achievement_submit_plain_worker_list_gets_orders(world, team):
    a = submit(world.admin_a, world.ent_a, team, draft=True)
    assert list(a.completers.values_list("order", "worker_id")) == [
        (1, team[0].pk),
        (2, team[1].pk),
        (3, team[2].pk),
    ]
    assert a.status == AchievementStatus.DRAFT


def test_achievement_submit_completer_outside_scope_refused(world, team):
    stranger = make_worker(world.ent_b, 50)
    with pytest.raises(ValidationError) as exc:
        submit(world.admin_a, world.ent_a, [team[0], stranger])
    assert "Completer 2 is not a worker in your scope." in exc.value.message_dict["completers"]
    assert stranger.name not in str(exc.value)
    assert Achievement.objects.count() == 0


def test_achievement_submit_duplicate_completer_order_refused(world, team):
    with pytest.raises(ValidationError) as exc:
        submit(world.admin_a, world.ent_a, [CompleterIn(team[0], 1), CompleterIn(team[1], 1)])
    assert "Completer order 1 is given twice." in exc.value.message_dict["completers"]
    with pytest.raises(ValidationError) as exc:
        submit(world.admin_a, world.ent_a, [CompleterIn(team[0], 1), CompleterIn(team[1], 3)])
    assert "without gaps" in str(exc.value.message_dict["completers"])
    with pytest.raises(ValidationError) as exc:
        submit(world.admin_a, world.ent_a, [team[0], team[0]])
    assert "listed as a completer twice" in str(exc.value.message_dict["completers"])
    with pytest.raises(ValidationError) as exc:
        submit(world.admin_a, world.ent_a, [])
    assert "completers" in exc.value.message_dict
    assert Achievement.objects.count() == Completer.objects.count() == 0


def test_achievement_submit_shares_may_not_exceed_100(world, team):
    with pytest.raises(ValidationError) as exc:
        submit(
            world.admin_a,
            world.ent_a,
            [
                CompleterIn(team[0], share_pct=Decimal(80)),
                CompleterIn(team[1], share_pct=Decimal(30)),
            ],
        )
    assert "110" in str(exc.value.message_dict["completers"])


def test_achievement_submit_studio_of_another_enterprise_refused(world, team):
    other = make_studio(world.ent_b, make_worker(world.ent_b, 60), "乙电力创新工作室")
    with pytest.raises(ValidationError) as exc:  # city staff sees both enterprises
        submit(world.city_staff, world.ent_a, team[:1], studio=other)
    assert "is not hosted by" in str(exc.value.message_dict["studio"])
    with pytest.raises(Http404):  # an enterprise admin may not even name it
        submit(world.admin_a, world.ent_a, team[:1], studio=other)
    assert Achievement.objects.count() == 0


def test_achievement_submit_studio_in_a_branch_is_fine(world, team):
    studio = make_studio(world.ent_a, team[0])
    a = submit(world.admin_a, world.ent_a, team[:1], studio=studio)
    assert a.studio == studio


def test_achievement_submit_foreign_enterprise_is_404(world, team):
    with pytest.raises(Http404):
        submit(world.admin_b, world.ent_a, team[:1])
    with pytest.raises(Http404):  # a worker may not record achievements
        submit(world.worker_a, world.ent_a, team[:1])


def test_achievement_submit_bad_fields_named(world, team):
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        submit(
            world.city_staff,
            world.county,
            team[:1],
            title="",
            kind="nonsense",
            started_on=date(2024, 1, 1),
            completed_on=future,
        )
    errors = exc.value.message_dict
    assert {"enterprise", "title", "kind", "completed_on"} <= set(errors)
    with pytest.raises(ValidationError) as exc:
        submit(
            world.admin_a,
            world.ent_a,
            team[:1],
            started_on=date(2024, 1, 2),
            completed_on=date(2024, 1, 1),
        )
    assert "before the start date" in str(exc.value.message_dict["completed_on"])


def test_achievement_submit_duplicate_title_in_enterprise_refused(world, team):
    submit(world.admin_a, world.ent_a, team[:1])
    with pytest.raises(ValidationError) as exc:
        submit(world.admin_a, world.ent_a, team[1:2])
    assert "already has an achievement with this title" in str(exc.value.message_dict["title"])


def test_operating_method_is_named_after_its_first_completer(world, team):
    with pytest.raises(ValidationError) as exc:
        submit(
            world.admin_a,
            world.ent_a,
            team[:1],
            title="炼钢操作法",
            kind=AchievementKind.OPERATING_METHOD,
        )
    assert "栾军" in str(exc.value.message_dict["title"])
    a = submit(
        world.admin_a,
        world.ent_a,
        team[:2],
        title="栾军炼钢操作法",
        kind=AchievementKind.OPERATING_METHOD,
    )
    with pytest.raises(ValidationError) as exc:  # reordering may not break the name
        services.completer_set(actor=world.admin_a, achievement=a, completers=[team[1], team[0]])
    assert "completers" in exc.value.message_dict


def test_completer_set_reorders_and_reindexes(world, team):
    a = submit(world.admin_a, world.ent_a, team[:2])
    services.completer_set(actor=world.admin_a, achievement=a, completers=[team[2], team[0]])
    assert list(a.completers.values_list("worker__name", flat=True)) == ["李华", "栾军"]
    assert search_ids("achievement", "李华", org_paths=(world.ent_a.path,)) == [a.pk]
    assert search_ids("achievement", "王强", org_paths=(world.ent_a.path,)) == []
    event = AuditEvent.objects.get(action="achievement.completers")
    assert event.details["after"] == [team[2].pk, team[0].pk]
    with pytest.raises(Http404):
        services.completer_set(actor=world.admin_b, achievement=a, completers=[team[0]])


def test_achievement_update_and_accepted_lock(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    services.achievement_update(actor=world.admin_a, achievement=a, title="新标题", ip_dispute=True)
    a.refresh_from_db()
    assert a.title == "新标题" and a.ip_dispute
    assert (
        AuditEvent.objects.get(action="achievement.update").details["changes"]["title"][1]
        == "新标题"
    )
    with pytest.raises(Http404):
        services.achievement_transition(actor=world.admin_a, achievement=a, status="accepted")
    services.achievement_transition(actor=world.city_staff, achievement=a, status="accepted")
    with pytest.raises(ValidationError):
        services.achievement_update(actor=world.admin_a, achievement=a, title="再改")
    services.achievement_update(actor=world.city_staff, achievement=a, title="联合会修改")
    with pytest.raises(ValidationError) as exc:
        services.achievement_transition(actor=world.city_staff, achievement=a, status="draft")
    assert "status" in exc.value.message_dict


# --- patents ----------------------------------------------------------------------------


@pytest.mark.parametrize("ptype", ["invention", "utility_model", "design", "pct"])
def test_patent_add_each_type_stored_normalised(world, team, ptype):
    a = submit(world.admin_a, world.ent_a, team[:1])
    number = pnum(2021, ptype, 7)
    p = services.patent_add(
        actor=world.admin_a, achievement=a, application_number=f"ZL {number.replace('.', '')}"
    )
    assert p.application_number == number and p.patent_type == ptype


def test_patent_add_bad_check_digit_refused(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    good = pnum(2021, "invention", 99)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.patent_add(actor=world.admin_a, achievement=a, application_number=wrong)
    assert "application_number" in exc.value.message_dict
    assert Patent.objects.count() == 0


def test_patent_add_type_must_match_number(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    with pytest.raises(ValidationError) as exc:
        services.patent_add(
            actor=world.admin_a,
            achievement=a,
            application_number=pnum(2021, "utility_model", 5),
            patent_type=PatentType.INVENTION,
        )
    assert "Utility model" in str(exc.value.message_dict["patent_type"])


def test_patent_add_duplicate_and_grant_rules(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    number = pnum(2020, "invention", 1)
    services.patent_add(
        actor=world.admin_a,
        achievement=a,
        application_number=number,
        status="granted",
        grant_date=date(2022, 3, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.patent_add(actor=world.admin_a, achievement=a, application_number=number)
    assert "already recorded" in str(exc.value.message_dict["application_number"])
    with pytest.raises(ValidationError) as exc:
        services.patent_add(
            actor=world.admin_a,
            achievement=a,
            application_number=pnum(2020, "invention", 2),
            status="granted",
        )
    assert "grant_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.patent_add(
            actor=world.admin_a,
            achievement=a,
            application_number=pnum(2020, "invention", 3),
            status="granted",
            grant_date=date(2019, 1, 1),
        )
    assert "before the application year" in str(exc.value.message_dict["grant_date"])


# --- attachments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "ftype"),
    [
        ("a.pdf", PDF, "pdf"),
        ("b.PNG", PNG, "png"),
        ("c.jpeg", JPG, "jpg"),
        ("d.docx", office("docx"), "docx"),
        ("e.xlsx", office("xlsx"), "xlsx"),
    ],
)
def test_attachment_add_accepts_allowed_types(
    world, team, settings, tmp_path, name, content, ftype
):
    settings.MEDIA_ROOT = tmp_path
    a = submit(world.admin_a, world.ent_a, team[:1])
    att = services.attachment_add(actor=world.admin_a, achievement=a, upload=upload(name, content))
    assert att.file_type == ftype and att.size == len(content) and att.name == name
    assert att.file.name.startswith(f"achievements/{a.pk}/")
    assert (tmp_path / att.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("evil.pdf", b"MZ\x90\x00 this is an exe", "is not PDF"),
        ("photo.png", JPG, "is not PNG"),
        ("sheet.xlsx", office("docx"), "is not Excel"),
        ("report.docx", b"PK\x03\x04 broken zip", "is not Word"),
        ("script.exe", PDF, "only PDF, JPG, PNG, DOCX, XLSX"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_attachment_add_refuses_by_content(
    world, team, settings, tmp_path, name, content, fragment
):
    settings.MEDIA_ROOT = tmp_path
    a = submit(world.admin_a, world.ent_a, team[:1])
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=world.admin_a, achievement=a, upload=upload(name, content))
    assert fragment in str(exc.value.message_dict["file"])
    assert name in str(exc.value.message_dict["file"])
    assert Attachment.objects.count() == 0 and not any(tmp_path.rglob("*.*"))


def test_attachment_add_too_big(world, team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JX_ATTACHMENT_MAX_BYTES = 1024
    a = submit(world.admin_a, world.ent_a, team[:1])
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            actor=world.admin_a, achievement=a, upload=upload("big.pdf", PDF + b"0" * 2000)
        )
    assert "the limit is" in str(exc.value.message_dict["file"])
    assert Attachment.objects.count() == 0


# --- the benefit ledger -----------------------------------------------------------------


def test_benefit_claim_and_certify(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    entry = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2024, claimed_yuan="1500000"
    )
    entry = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2024, claimed_yuan="1600000.50"
    )
    assert BenefitEntry.objects.count() == 1 and entry.claimed_yuan == Decimal("1600000.50")
    entry = services.benefit_certify(actor=world.city_staff, entry=entry, certified_yuan="1500000")
    entry.refresh_from_db()
    assert entry.certified_yuan == Decimal("1500000.00") and entry.certified_by == world.city_staff
    assert entry.certified_at is not None
    event = AuditEvent.objects.get(action="benefit.certify")
    assert event.details["certified"] == "1500000.00" and event.user == world.city_staff
    with pytest.raises(ValidationError) as exc:  # a certified year is closed
        services.benefit_claim(actor=world.admin_a, achievement=a, year=2024, claimed_yuan="9")
    assert "year" in exc.value.message_dict


def test_benefit_certify_more_than_claimed_refused(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    entry = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2023, claimed_yuan="1000"
    )
    with pytest.raises(ValidationError) as exc:
        services.benefit_certify(actor=world.city_staff, entry=entry, certified_yuan="1000.01")
    assert "cannot exceed the claim" in str(exc.value.message_dict["certified_yuan"])
    with pytest.raises(ValidationError):
        services.benefit_certify(actor=world.city_staff, entry=entry, certified_yuan="-1")
    entry.refresh_from_db()
    assert entry.certified_yuan is None and entry.certified_by is None


def test_benefit_certify_without_permission_is_404(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1])
    entry = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2023, claimed_yuan="1000"
    )
    for user in (world.admin_a, world.worker_a, world.auditor):
        with pytest.raises(Http404):
            services.benefit_certify(actor=user, entry=entry, certified_yuan="500")
    other_city_staff = world.city_staff  # covers ent_a; a staff of the other city does not
    from jiangxin.accounts.models import RoleAssignment, User

    far = User.objects.create_user(username="far_staff", password="x")
    RoleAssignment.objects.create(user=far, org=world.other_city, role="federation_staff")
    with pytest.raises(Http404):
        services.benefit_certify(actor=far, entry=entry, certified_yuan="500")
    assert other_city_staff is not None
    entry.refresh_from_db()
    assert entry.certified_yuan is None


def test_benefit_claim_bad_input(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1], started_on=date(2020, 1, 1))
    this_year = timezone.localdate().year
    for year, amount, field in (
        (this_year + 1, "100", "year"),
        (2019, "100", "year"),
        (2021, "0", "claimed_yuan"),
        (2021, "-5", "claimed_yuan"),
        (2021, "abc", "claimed_yuan"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.benefit_claim(
                actor=world.admin_a, achievement=a, year=year, claimed_yuan=amount
            )
        assert field in exc.value.message_dict
    assert BenefitEntry.objects.count() == 0


def test_benefit_certify_draft_refused(world, team):
    a = submit(world.admin_a, world.ent_a, team[:1], draft=True)
    entry = services.benefit_claim(
        actor=world.admin_a, achievement=a, year=2023, claimed_yuan="1000"
    )
    with pytest.raises(ValidationError):
        services.benefit_certify(actor=world.city_staff, entry=entry, certified_yuan="10")
