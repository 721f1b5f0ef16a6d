"""Individual award certificates: readable by everyone the document concerns (the
awardee's own account, the awardee's enterprise, the organiser and those above), 404 for
a sibling enterprise; downloadable from the result, entry, worker and passport pages and
the API; verified by its QR page."""

import pytest
from django.urls import reverse

from jiangxin.core.documents import verify_path
from jiangxin.people.models import Worker
from jiangxin.selection import services
from jiangxin.selection.models import Entry
from jiangxin.testing.crossorg import assert_404_for

from .factories import end_announcement, make_campaign, make_expert, to_announcement

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def published(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    end_announcement(announcement)
    services.campaign_publish(
        actor=world.city_staff, campaign=campaign, decision_number="甲工发〔2022〕8号"
    )
    awarded = list(
        Entry.objects.filter(campaign=campaign, status="awarded")
        .select_related("certificate", "org")
        .order_by("rank")
    )
    at_a = [e for e in awarded if e.org_id == world.ent_a.pk]
    at_b = [e for e in awarded if e.org_id == world.ent_b.pk]
    # worker_a's account is the worker of the first awardee at enterprise A
    Worker.objects.filter(pk=at_a[0].subject_id).update(user=world.worker_a)
    return campaign, at_a, at_b


def _pdf(client, entry):
    return client.get(reverse("selection:certificate_pdf", args=[entry.pk]))


def test_certificate_readable_by_everyone_it_concerns(world, published):
    _c, at_a, at_b = published
    for user in (world.worker_a, world.admin_a, world.city_staff, world.province_admin):
        response = _pdf(world.client(user), at_a[0])
        assert response.status_code == 200, user
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")


def test_certificate_404_for_a_sibling_and_for_another_awardee(world, published):
    _c, at_a, at_b = published
    other_city_staff = make_expert("other_staff", world.other_city)
    from jiangxin.accounts.models import RoleAssignment
    from jiangxin.core.roles import Role

    RoleAssignment.objects.create(
        user=other_city_staff, org=world.other_city, role=Role.FEDERATION_STAFF
    )
    assert_404_for(
        world.client(world.admin_b), reverse("selection:certificate_pdf", args=[at_a[0].pk])
    )
    assert_404_for(
        world.client(world.admin_a), reverse("selection:certificate_pdf", args=[at_b[0].pk])
    )
    # the worker's own account: their own certificate only (a colleague's is not theirs)
    colleague = next(e for e in at_a[1:] + at_b)
    assert_404_for(
        world.client(world.worker_a), reverse("selection:certificate_pdf", args=[colleague.pk])
    )
    assert_404_for(
        world.client(other_city_staff), reverse("selection:certificate_pdf", args=[at_a[0].pk])
    )


def test_certificate_of_a_completer_employed_elsewhere(world, workday_today):
    """An achievement of enterprise A with a completer employed at B: B's admin may read
    its certificate (it concerns their worker); another city's enterprise may not."""
    from jiangxin.achievements.models import Achievement, Completer
    from jiangxin.selection.enums import SubjectKind
    from jiangxin.selection.selectors import certificate_readable_ids
    from jiangxin.testing.people import make_worker

    campaign = make_campaign(
        world, kind=SubjectKind.ACHIEVEMENT_AWARD, tiers=[services.TierIn("一等奖", 1)]
    )
    a = Achievement.objects.create(
        title="转炉智能出钢系统", kind="technical_innovation", enterprise=world.ent_a,
        status="accepted",
    )  # fmt: skip
    Completer.objects.create(achievement=a, worker=make_worker(world.ent_a, 1), order=1)
    Completer.objects.create(achievement=a, worker=make_worker(world.ent_b, 2), order=2)
    entry = services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=a.pk)
    from jiangxin.core.documents import document_issue

    doc = document_issue(
        actor=world.city_staff, kind="selection_award", title="一等奖", holder_name="甲、乙",
        org=world.city, facts=[],
    )  # fmt: skip
    Entry.objects.filter(pk=entry.pk).update(status="awarded", certificate=doc)
    assert certificate_readable_ids(world.admin_b, [entry.pk]) == {entry.pk}
    admin_c = make_expert("admin_c", world.ent_c)
    from jiangxin.accounts.models import RoleAssignment
    from jiangxin.core.roles import Role

    RoleAssignment.objects.create(user=admin_c, org=world.ent_c, role=Role.ENTERPRISE_ADMIN)
    assert certificate_readable_ids(admin_c, [entry.pk]) == set()


def test_certificate_verifies_on_its_qr_page(world, published):
    _c, at_a, _b = published
    doc = at_a[0].certificate
    page = world.client(None).get(verify_path(doc), **EN)
    html = page.content.decode()
    assert page.status_code == 200 and doc.holder_name in html and "甲工发〔2022〕8号" in html


def test_certificate_links_on_result_entry_worker_and_passport_pages(world, published):
    campaign, at_a, _b = published
    entry = at_a[0]
    url = reverse("selection:certificate_pdf", args=[entry.pk])
    staff = world.client(world.city_staff)
    assert url in staff.get(reverse("selection:results", args=[campaign.pk])).content.decode()
    admin = world.client(world.admin_a)
    assert url in admin.get(reverse("selection:entry_detail", args=[entry.pk])).content.decode()
    worker_page = admin.get(reverse("people:worker_detail", args=[entry.subject_id]))
    assert url in worker_page.content.decode()
    passport = admin.get(reverse("people:passport", args=[entry.subject_id]))
    assert url in passport.content.decode()
    own = world.client(world.worker_a).get(reverse("people:my_profile"))
    assert url in own.content.decode()
    # a non-awardee's entry page offers no certificate
    loser = Entry.objects.filter(campaign=campaign).exclude(status="awarded").first()
    page = world.client(world.city_staff).get(reverse("selection:entry_detail", args=[loser.pk]))
    assert "certificate.pdf" not in page.content.decode()


def _api(world, user):
    from jiangxin.accounts.services import api_token_create

    _t, raw = api_token_create(actor=user, name="t")
    return world.client(None), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_certificates_api_lists_mine_and_downloads_one(world, published):
    _c, at_a, at_b = published
    client, auth = _api(world, world.admin_a)
    items = client.get(reverse("api:selection_certificates_list"), **auth).json()["items"]
    assert {i["entry_id"] for i in items} == {e.pk for e in at_a}
    item = items[-1]
    assert item["decision_number"] == "甲工发〔2022〕8号" and "/verify/" in item["verify_url"]
    detail = client.get(
        reverse("api:selection_certificates_detail", args=[at_a[0].pk]), **auth
    ).json()
    assert detail["holder"] == at_a[0].certificate.holder_name
    pdf = client.get(reverse("api:selection_certificates_pdf", args=[at_a[0].pk]), **auth)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for name in ("api:selection_certificates_detail", "api:selection_certificates_pdf"):
        assert_404_for(client, reverse(name, args=[at_b[0].pk]), **auth)
    client, auth = _api(world, world.worker_a)
    mine = client.get(reverse("api:selection_certificates_list"), **auth).json()["items"]
    assert [i["entry_id"] for i in mine] == [at_a[0].pk]


def test_certificates_api_list_query_count_is_fixed(world, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, auth = _api(world, world.city_staff)
    url = reverse("api:selection_certificates_list")
    client.get(url, **auth)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url, {"size": 1}, **auth).json()["items"]) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, {"size": 3}, **auth).json()["items"]) == 3
    assert len(few.captured_queries) == len(many.captured_queries)
