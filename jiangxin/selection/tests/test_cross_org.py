"""Every selection object URL and API endpoint answers 404 to a user of another org."""

import pytest
from django.urls import reverse

from jiangxin.selection import services
from jiangxin.selection.models import Entry, Scorecard
from jiangxin.testing.crossorg import Probe, Target, assert_404_for
from jiangxin.testing.exports import export_get
from jiangxin.testing.people import make_worker

from .factories import make_campaign, to_announcement

pytestmark = pytest.mark.django_db

CAMPAIGN_URLS = [
    "selection:campaign_detail",
    "selection:campaign_step",
    "selection:quotas",
    "selection:nominate",
    "selection:sheet",
    "selection:sheet_export",
    "selection:check_list",
    "selection:experts",
    "selection:panel_create",
    "selection:expert_profile",
    "selection:experts_assign",
    "selection:review_close",
    "selection:results",
    "selection:results_export",
    "selection:announcement",
    "selection:publish",
    "selection:award_list_pdf",
]
POST_ONLY = {
    "selection:campaign_step",
    "selection:publish",
    "selection:panel_create",
    "selection:expert_profile",
    "selection:experts_assign",
    "selection:review_close",
}


def _campaign(w):
    return [make_campaign(w).pk]


def _entry(w):
    entry = services.entry_nominate(
        actor=w.admin_a, campaign=make_campaign(w), subject_id=make_worker(w.ent_a, 1).pk
    )
    return [entry.pk]


def _checked_entry(w):
    campaign = make_campaign(w)
    entry = services.entry_nominate(
        actor=w.admin_a, campaign=campaign, subject_id=make_worker(w.ent_a, 1).pk
    )
    services.sheet_submit(
        actor=w.admin_a, campaign=campaign, org=w.ent_a, ranked_entry_ids=[entry.pk]
    )
    services.sheet_submit(
        actor=w.city_staff, campaign=campaign, org=w.county, ranked_entry_ids=[entry.pk]
    )
    services.campaign_open_formal_check(actor=w.city_staff, campaign=campaign)
    return [entry.pk]


def _on_fixed_workday():
    import datetime
    from unittest import mock

    from django.utils import timezone

    return mock.patch.object(timezone, "localdate", lambda *a, **k: datetime.date(2024, 9, 27))


def _published(w):
    from .factories import end_announcement, to_announcement

    campaign = make_campaign(w)
    with _on_fixed_workday():
        end_announcement(to_announcement(w, campaign))
        services.campaign_publish(
            actor=w.city_staff, campaign=campaign, decision_number="青工发〔2024〕9号"
        )
    return [campaign.pk]


def _awarded_entry(w):
    """An awarded entry of enterprise A's worker, with its certificate."""
    campaign = _published(w)[0]
    entry = Entry.objects.filter(
        campaign_id=campaign, certificate__isnull=False, org=w.ent_a
    ).first()
    return [entry.pk]


def _scorecard(w):
    from .factories import to_review

    to_review(w, make_campaign(w), n=2, experts=2)
    card = Scorecard.objects.order_by("pk").first()
    other = Scorecard.objects.exclude(expert=card.expert).first().expert
    return Target(args=[card.pk], owner=card.expert, stranger=other)


def _objection(w):
    from .factories import to_announcement

    campaign = make_campaign(w)
    with _on_fixed_workday():
        announcement = to_announcement(w, campaign)
        entry = Entry.objects.filter(campaign=campaign, tier__isnull=False).first()
        objection = services.objection_file(
            announcement=announcement,
            entry_id=entry.pk,
            kind="person",
            name="王某",
            contact="139",
            content="材料与事实不符，请核查处理。",
        )
    return [objection.pk]


# Campaigns belong to the city's federation: the stranger is the other city's staff.
CITY = {"owner": "city_staff", "stranger": "other_city_staff"}
CROSS_ORG = {
    **{name: Probe(_campaign, **CITY) for name in CAMPAIGN_URLS},
    "selection:award_list_pdf": Probe(_published, **CITY),
    "selection:entry_detail": Probe(_entry),
    "selection:entry_check": Probe(_checked_entry, data={"passed": "pass"}, **CITY),
    "selection:scorecard": Probe(_scorecard),
    "selection:scorecard_save": Probe(_scorecard, data={"version": 1}),
    "selection:scorecard_submit": Probe(_scorecard, data={"version": 1}),
    "selection:objection_detail": Probe(_objection, **CITY),
    "api:selection_campaigns_detail": Probe(_campaign, api=True, **CITY),
    "api:selection_entry_nominate": Probe(
        _campaign, api=True, data=lambda w: {"subject_id": make_worker(w.ent_a, 7).pk}, **CITY
    ),
    "api:selection_scorecards_detail": Probe(_scorecard, api=True),
    # An award certificate: the awardee's employer reads it, a sibling enterprise does not.
    "selection:certificate_pdf": Probe(_awarded_entry),
    "api:selection_certificates_detail": Probe(_awarded_entry, api=True),
    "api:selection_certificates_pdf": Probe(_awarded_entry, api=True),
}
CROSS_ORG_URLS = list(CROSS_ORG)


@pytest.fixture
def other_city_campaign(world):
    return make_campaign(world, actor=world.province_admin, org=world.other_city, title="乙市评选")


@pytest.mark.parametrize("name", CAMPAIGN_URLS)
def test_cross_org_campaign_pages_404(world, other_city_campaign, name):
    method = "post" if name in POST_ONLY else "get"
    for user in (world.city_staff, world.admin_a):  # award_list_pdf: see CROSS_ORG
        assert_404_for(
            world.client(user), reverse(name, args=[other_city_campaign.pk]), method=method
        )


@pytest.mark.parametrize(
    "name", sorted(set(CAMPAIGN_URLS) - POST_ONLY - {"selection:award_list_pdf"})
)
def test_cross_org_own_campaign_pages_answer(world, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine = make_campaign(world)
    # an export starts a job: its download is what answers (export_get runs the job)
    response = export_get(world.client(world.city_staff), reverse(name, args=[mine.pk]))
    assert response.status_code == 200


def test_cross_org_entry_pages_404(world):
    campaign = make_campaign(world)
    mine = services.entry_nominate(
        actor=world.admin_a, campaign=campaign, subject_id=make_worker(world.ent_a, 1).pk
    )
    theirs = services.entry_nominate(
        actor=world.admin_b, campaign=campaign, subject_id=make_worker(world.ent_b, 2).pk
    )
    client = world.client(world.admin_a)
    assert client.get(reverse("selection:entry_detail", args=[mine.pk])).status_code == 200
    assert_404_for(client, reverse("selection:entry_detail", args=[theirs.pk]))
    assert_404_for(
        world.client(world.other_city_staff),
        reverse("selection:entry_check", args=[theirs.pk]),
        method="post",
        data={"passed": "pass"},
    )
    assert Entry.objects.get(pk=theirs.pk).status == "nominated"


def test_cross_org_scorecard_pages_404(world):
    campaign = make_campaign(world)
    from .factories import to_review

    to_review(world, campaign, n=2, experts=3)
    mine = Scorecard.objects.order_by("pk").first()
    theirs = Scorecard.objects.exclude(expert=mine.expert).first()
    client = world.client(mine.expert)
    assert client.get(reverse("selection:scorecard", args=[mine.pk])).status_code == 200
    assert_404_for(client, reverse("selection:scorecard", args=[theirs.pk]))
    for name in ("selection:scorecard_save", "selection:scorecard_submit"):
        assert_404_for(
            client, reverse(name, args=[theirs.pk]), method="post", data={"version": 1, "c1": "9"}
        )
    theirs.refresh_from_db()
    assert theirs.scores == {}
    assert_404_for(world.client(world.city_staff), reverse("selection:scorecard", args=[mine.pk]))


def test_cross_org_objection_page_404(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    entry = Entry.objects.filter(campaign=campaign, tier__isnull=False).first()
    objection = services.objection_file(
        announcement=announcement,
        entry_id=entry.pk,
        kind="person",
        name="王某",
        contact="139",
        content="材料与事实不符，请核查处理。",
    )
    url = reverse("selection:objection_detail", args=[objection.pk])
    assert world.client(world.city_staff).get(url).status_code == 200
    for user in (world.admin_a, world.admin_b, world.other_city_staff):
        assert_404_for(world.client(user), url)


def test_cross_org_api_404(world, other_city_campaign):
    from jiangxin.accounts.services import api_token_create

    from .factories import to_review

    mine = make_campaign(world)
    _t, raw = api_token_create(actor=world.city_staff, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = world.client(None)
    assert (
        client.get(reverse("api:selection_campaigns_detail", args=[mine.pk]), **auth).status_code
        == 200
    )
    assert_404_for(
        client, reverse("api:selection_campaigns_detail", args=[other_city_campaign.pk]), **auth
    )
    listing = client.get(reverse("api:selection_campaigns_list"), **auth).json()
    assert [c["id"] for c in listing["items"]] == [mine.pk]
    to_review(world, mine, n=2, experts=3)
    card = Scorecard.objects.order_by("pk").first()
    theirs = Scorecard.objects.exclude(expert=card.expert).first()
    _t, raw = api_token_create(actor=card.expert, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert (
        client.get(reverse("api:selection_scorecards_detail", args=[card.pk]), **auth).status_code
        == 200
    )
    assert_404_for(client, reverse("api:selection_scorecards_detail", args=[theirs.pk]), **auth)
    mine_list = client.get(reverse("api:selection_my_scorecards"), **auth).json()["items"]
    assert {c["id"] for c in mine_list} == set(
        Scorecard.objects.filter(expert=card.expert).values_list("pk", flat=True)
    )


def test_cross_org_api_nominate_404(world):
    """A campaign of another city, and another enterprise's worker: 404 to a write token
    (see also selection/tests/test_api_writes.py)."""
    from jiangxin.testing.api import api_as

    here = make_campaign(world)
    far = make_campaign(world, actor=world.province_admin, org=world.other_city, title="乙市评选")
    mine, theirs = make_worker(world.ent_a, 1), make_worker(world.ent_b, 2)
    api = api_as(world.admin_a)
    url = reverse("api:selection_entry_nominate", args=[far.pk])
    assert api.post(url, {"subject_id": mine.pk}).status_code == 404
    url = reverse("api:selection_entry_nominate", args=[here.pk])
    assert api.post(url, {"subject_id": theirs.pk}).status_code == 404
    assert not Entry.objects.exists()
