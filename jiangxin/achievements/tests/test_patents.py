"""Patents at several offices and their lifecycle: services, the transitions table and
the pages reached from the achievement."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from jiangxin.achievements import services
from jiangxin.achievements.domain.workflow import PATENT, TransitionError
from jiangxin.achievements.enums import PatentStatus
from jiangxin.achievements.models import Patent
from jiangxin.core.models import AuditEvent
from jiangxin.testing.people import make_worker

from .helpers import pnum, submit

pytestmark = pytest.mark.django_db
S = PatentStatus


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _client(world, user):
    client = world.client(user)
    client.cookies["jx_language"] = "en"
    return client


@pytest.fixture
def achievement(world):
    return submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 1, name="栾军")])


def add(world, achievement, number=None, **kw):
    return services.patent_add(
        actor=world.admin_a,
        achievement=achievement,
        application_number=number or pnum(2021, "invention", 777),
        **kw,
    )


# --- the transitions table --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [(S.APPLIED, S.GRANTED), (S.APPLIED, S.REJECTED), (S.APPLIED, S.LAPSED), (S.GRANTED, S.LAPSED)],
)
def test_patent_workflow_allows_the_lifecycle(old, new):
    PATENT.require_transition(old, new)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (S.GRANTED, S.REJECTED, "cannot become Rejected"),
        (S.GRANTED, S.APPLIED, "cannot become Applied"),
        (S.GRANTED, S.GRANTED, "cannot become Granted"),
        (S.REJECTED, S.GRANTED, "can no longer change"),
        (S.LAPSED, S.GRANTED, "can no longer change"),
    ],
)
def test_patent_workflow_refuses_illegal_steps(old, new, fragment):
    with pytest.raises(TransitionError) as exc:
        PATENT.require_transition(old, new)
    assert fragment in str(exc.value)


def test_patent_workflow_final_states_have_no_way_out():
    assert set(PATENT.table) == set(S.values)
    assert not PATENT.targets(S.REJECTED) and not PATENT.targets(S.LAPSED)


# --- services ---------------------------------------------------------------------------


def test_patent_grant_records_date_number_and_audits(world, achievement):
    p = add(world, achievement, filed_on=date(2021, 3, 2))
    services.patent_grant(
        actor=world.admin_a, patent=p, grant_date=date(2023, 6, 9), grant_number="ZL202110000777.X"
    )
    p.refresh_from_db()
    assert (p.status, p.grant_date, p.grant_number) == (
        S.GRANTED,
        date(2023, 6, 9),
        "ZL202110000777.X",
    )
    event = AuditEvent.objects.get(action="achievement.patent_grant")
    assert event.details["from"] == "applied" and event.details["to"] == "granted"
    assert event.org_path == world.ent_a.path


def test_patent_grant_date_not_before_application(world, achievement):
    p = add(world, achievement, filed_on=date(2021, 3, 2))
    with pytest.raises(ValidationError) as exc:
        services.patent_grant(actor=world.admin_a, patent=p, grant_date=date(2021, 3, 1))
    assert "before the application date (2021-03-02)" in str(exc.value.message_dict["grant_date"])
    no_date = add(world, achievement, pnum(2021, "utility_model", 5))
    with pytest.raises(ValidationError) as exc:
        services.patent_grant(actor=world.admin_a, patent=no_date, grant_date=date(2020, 12, 31))
    assert "before the application year 2021" in str(exc.value.message_dict["grant_date"])
    with pytest.raises(ValidationError) as exc:
        services.patent_grant(
            actor=world.admin_a,
            patent=no_date,
            grant_date=timezone.localdate() + timedelta(days=1),
        )
    assert "future" in str(exc.value.message_dict["grant_date"])
    assert Patent.objects.filter(status=S.GRANTED).count() == 0
    assert not AuditEvent.objects.filter(action="achievement.patent_grant").exists()


def test_patent_lapse_after_grant_and_reject_only_when_applied(world, achievement):
    p = add(world, achievement)
    services.patent_grant(actor=world.admin_a, patent=p, grant_date=date(2022, 1, 5))
    with pytest.raises(ValidationError) as exc:
        services.patent_reject(actor=world.admin_a, patent=p, rejected_on=date(2022, 2, 1))
    assert "Granted cannot become Rejected" in str(exc.value.message_dict["status"])
    with pytest.raises(ValidationError) as exc:
        services.patent_lapse(actor=world.admin_a, patent=p, lapsed_on=date(2022, 1, 4))
    assert "before the grant date" in str(exc.value.message_dict["lapsed_on"])
    services.patent_lapse(
        actor=world.admin_a, patent=p, lapsed_on=date(2024, 1, 5), reason="未缴年费"
    )
    p.refresh_from_db()
    assert (p.status, p.ended_on, p.end_reason) == (S.LAPSED, date(2024, 1, 5), "未缴年费")
    with pytest.raises(ValidationError) as exc:
        services.patent_grant(actor=world.admin_a, patent=p, grant_date=date(2024, 2, 1))
    assert "can no longer change" in str(exc.value.message_dict["status"])


def test_patent_reject_an_application(world, achievement):
    p = add(world, achievement)
    services.patent_reject(
        actor=world.admin_a, patent=p, rejected_on=date(2022, 8, 1), reason="缺乏创造性"
    )
    p.refresh_from_db()
    assert p.status == S.REJECTED and p.grant_date is None
    assert AuditEvent.objects.filter(action="achievement.patent_reject").count() == 1


def test_patent_steps_need_scope(world, achievement):
    p = add(world, achievement)
    with pytest.raises(Http404):
        services.patent_grant(actor=world.admin_b, patent=p, grant_date=date(2022, 1, 5))
    p.refresh_from_db()
    assert p.status == S.APPLIED


@pytest.mark.parametrize(
    ("office", "number", "stored", "ptype"),
    [
        ("pct", "pct/cn2024/123456", "PCT/CN2024/123456", "pct"),
        ("us", "17123456", "17/123,456", "invention"),
        ("us", "29/765,432", "29/765,432", "design"),
        ("ep", "EP 21812345.3", "EP21812345.3", "invention"),
        ("jp", "実願2021-001234", "実願2021-001234", "utility_model"),
        ("other", "KR 10-2020-0123456", "KR 10-2020-0123456", "invention"),
    ],
)
def test_patent_add_foreign_offices(world, achievement, office, number, stored, ptype):
    p = add(world, achievement, number, office=office)
    assert (p.office, p.application_number, p.patent_type) == (office, stored, ptype)


def test_patent_add_foreign_rules_name_the_field(world, achievement):
    with pytest.raises(ValidationError) as exc:
        add(world, achievement, "EP21812345.6", office="ep")
    assert "must be 3, not 6" in str(exc.value.message_dict["application_number"])
    with pytest.raises(ValidationError) as exc:
        add(world, achievement, "17/123,456", office="us", patent_type="utility_model")
    assert "United States does not grant a Utility model" in str(
        exc.value.message_dict["patent_type"]
    )
    with pytest.raises(ValidationError) as exc:
        add(world, achievement, "29/765,432", office="us", patent_type="invention")
    assert "of the type “Design patent”" in str(exc.value.message_dict["patent_type"])
    add(world, achievement, "PCT/CN2024/123456", office="pct")
    with pytest.raises(ValidationError) as exc:
        add(world, achievement, "PCT/CN 2024/123456", office="pct")
    assert "already recorded" in str(exc.value.message_dict["application_number"])
    with pytest.raises(ValidationError) as exc:
        add(world, achievement, pnum(2021, "invention", 9), filed_on=date(2020, 5, 1))
    assert "filed in 2021" in str(exc.value.message_dict["filed_on"])
    assert Patent.objects.count() == 1


# --- pages ------------------------------------------------------------------------------


def test_patent_detail_page_offers_the_next_steps_to_editors_only(world, achievement):
    applied = add(world, achievement)
    granted = add(
        world, achievement, pnum(2020, "design", 3), status=S.GRANTED, grant_date=date(2021, 1, 4)
    )
    rejected = add(world, achievement, pnum(2020, "design", 4))
    services.patent_reject(actor=world.admin_a, patent=rejected, rejected_on=date(2021, 2, 2))
    url = reverse("achievements:detail", args=[achievement.pk])
    html = _client(world, world.admin_a).get(url).content.decode()
    assert reverse("achievements:patent_grant", args=[applied.pk]) in html
    assert reverse("achievements:patent_reject", args=[applied.pk]) in html
    assert reverse("achievements:patent_lapse", args=[granted.pk]) in html
    assert reverse("achievements:patent_grant", args=[granted.pk]) not in html
    assert f"/patents/{rejected.pk}/" not in html
    expert = _client(world, world.auditor).get(url)
    assert expert.status_code == 404 or "/patents/" not in expert.content.decode()


def test_patent_grant_page_grants_and_redirects(world, achievement):
    p = add(world, achievement, filed_on=date(2021, 3, 2))
    client = _client(world, world.admin_a)
    url = reverse("achievements:patent_grant", args=[p.pk])
    assert p.application_number in client.get(url).content.decode()
    bad = client.post(url, {"grant_date": "2021-01-01"})
    assert bad.status_code == 200 and "before the application date" in bad.content.decode()
    ok = client.post(url, {"grant_date": "2023-06-09", "grant_number": "ZL202110000777.X"})
    assert ok.status_code == 302
    p.refresh_from_db()
    assert p.status == S.GRANTED
    again = client.post(url, {"grant_date": "2023-06-09"})
    assert "can no longer" in again.content.decode() or "cannot become" in again.content.decode()


def test_patent_add_page_takes_an_office(world, achievement):
    client = _client(world, world.admin_a)
    url = reverse("achievements:patent_add", args=[achievement.pk])
    r = client.post(
        url, {"office": "pct", "application_number": "PCT/CN2024/123456", "status": "applied"}
    )
    assert r.status_code == 302
    assert Patent.objects.get().office == "pct"
    r = client.post(
        url, {"office": "ep", "application_number": "EP21812345.6", "status": "applied"}
    )
    assert r.status_code == 200 and "must be 3, not 6" in r.content.decode()


def test_patent_add_euro_pct_filed_before_its_number_year(world, achievement):
    """A Euro-PCT application is filed (in law) on its international filing date, which
    may be a year before the EPO numbered it; CN numbers must match their year."""
    p = add(world, achievement, "EP21812345.3", office="ep", filed_on=date(2020, 11, 30))
    assert p.filed_on == date(2020, 11, 30)
    with pytest.raises(ValidationError):
        add(world, achievement, "PCT/CN2024/123456", office="pct", filed_on=date(2023, 12, 1))
