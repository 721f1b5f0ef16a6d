"""Every selection object URL and API endpoint answers 404 to a user of another org."""

import pytest
from django.urls import reverse

from jiangxin.selection import services
from jiangxin.selection.models import Entry, Scorecard
from jiangxin.testing.crossorg import assert_404_for
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
    "selection:results",
    "selection:results_export",
    "selection:announcement",
    "selection:publish",
    "selection:award_list_pdf",
]
POST_ONLY = {"selection:campaign_step", "selection:publish"}
CROSS_ORG_URLS = CAMPAIGN_URLS + [
    "selection:entry_detail",
    "selection:entry_check",
    "selection:scorecard",
    "selection:scorecard_save",
    "selection:scorecard_submit",
    "selection:objection_detail",
    "api:selection_campaigns_detail",
    "api:selection_scorecards_detail",
    "api:selection_entry_nominate",
]


@pytest.fixture
def other_city_campaign(world):
    return make_campaign(world, actor=world.province_admin, org=world.other_city, title="乙市评选")


@pytest.mark.parametrize("name", CAMPAIGN_URLS)
def test_cross_org_campaign_pages_404(world, other_city_campaign, name):
    method = "post" if name in POST_ONLY else "get"
    for user in (world.city_staff, world.admin_a):
        assert_404_for(
            world.client(user), reverse(name, args=[other_city_campaign.pk]), method=method
        )


@pytest.mark.parametrize(
    "name", sorted(set(CAMPAIGN_URLS) - POST_ONLY - {"selection:award_list_pdf"})
)
def test_cross_org_own_campaign_pages_answer(world, name):
    mine = make_campaign(world)
    assert world.client(world.city_staff).get(reverse(name, args=[mine.pk])).status_code == 200


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
        client,
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
    from .factories import make_expert

    outsider_staff = make_expert("x_other", world.other_city)
    for user in (world.admin_a, world.admin_b, outsider_staff):
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
