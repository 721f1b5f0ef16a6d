import pytest
from django.urls import reverse

from jiangxin.achievements import services
from jiangxin.achievements.models import Achievement
from jiangxin.testing.crossorg import Probe, assert_404_for
from jiangxin.testing.people import make_worker

from .helpers import PDF, submit, upload

pytestmark = pytest.mark.django_db


def _achievement(w):
    return submit(w.admin_a, w.ent_a, [make_worker(w.ent_a, 1)], title="甲的成果")


def _benefit(w):
    entry = services.benefit_claim(
        actor=w.admin_a, achievement=_achievement(w), year=2024, claimed_yuan="10"
    )
    return [entry.pk]


def _attachment(w):
    att = services.attachment_add(
        actor=w.admin_a, achievement=_achievement(w), upload=upload("a.pdf", PDF)
    )
    return [att.pk]


def _completers_body(w):
    from jiangxin.people.models import Worker

    worker = Worker.objects.filter(employer=w.ent_a).first()
    return {"completers": [{"worker_id": worker.pk, "order": 1}]}


def _pk(w):
    return [_achievement(w).pk]


def _patent(w):
    from .helpers import pnum

    patent = services.patent_add(
        actor=w.admin_a, achievement=_achievement(w), application_number=pnum(2022, "invention", 11)
    )
    return [patent.pk]


CROSS_ORG = {
    "achievements:detail": Probe(_pk),
    "achievements:edit": Probe(_pk),
    "achievements:completers": Probe(_pk),
    "achievements:transition": Probe(_pk),
    "achievements:patent_add": Probe(_pk),
    "achievements:benefit_claim": Probe(_pk),
    # Certifying benefit is for federations: the stranger is the other city's staff.
    "achievements:benefit_certify": Probe(
        _benefit, owner="city_staff", stranger="other_city_staff"
    ),
    "achievements:attachment_add": Probe(_pk),
    "achievements:attachment_download": Probe(_attachment),
    "api:achievements_detail": Probe(_pk, api=True),
    **{
        f"api:achievements_{op}": Probe(_pk, api=True)
        for op in ("update", "patent_add", "benefit_claim", "transition")
    },
    "api:achievements_completers_set": Probe(_pk, api=True, data=_completers_body),
    "achievements:patent_grant": Probe(_patent),
    "achievements:patent_reject": Probe(_patent),
    "achievements:patent_lapse": Probe(_patent),
}
CROSS_ORG_URLS = list(CROSS_ORG)
ACHIEVEMENT_PAGES = [
    "achievements:detail",
    "achievements:edit",
    "achievements:completers",
    "achievements:patent_add",
    "achievements:benefit_claim",
    "achievements:attachment_add",
]


@pytest.fixture
def pair(world):
    mine = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 1)], title="甲的成果")
    theirs = submit(world.admin_b, world.ent_b, [make_worker(world.ent_b, 2)], title="乙的成果")
    return mine, theirs


@pytest.mark.parametrize("name", ACHIEVEMENT_PAGES)
def test_cross_org_achievement_pages_404(world, pair, name):
    mine, theirs = pair
    client = world.client(world.admin_a)
    assert client.get(reverse(name, args=[mine.pk])).status_code == 200
    assert_404_for(client, reverse(name, args=[theirs.pk]))
    assert_404_for(client, reverse(name, args=[theirs.pk]), method="post", data={"title": "x"})


def test_cross_org_transition_404(world, pair):
    _mine, theirs = pair
    assert_404_for(
        world.client(world.admin_a),
        reverse("achievements:transition", args=[theirs.pk]),
        method="post",
        data={"status": "draft"},
    )
    assert Achievement.objects.get(pk=theirs.pk).status == "submitted"


def test_cross_org_benefit_certify_404(world):
    a = submit(world.province_admin, world.ent_c, [make_worker(world.ent_c, 3)], title="丙的成果")
    entry = services.benefit_claim(
        actor=world.province_admin, achievement=a, year=2024, claimed_yuan="10"
    )
    client = world.client(world.city_staff)  # the city of enterprises A and B, not of C
    assert_404_for(client, reverse("achievements:benefit_certify", args=[entry.pk]))
    assert_404_for(
        client,
        reverse("achievements:benefit_certify", args=[entry.pk]),
        method="post",
        data={"certified_yuan": "5"},
    )
    entry.refresh_from_db()
    assert entry.certified_yuan is None
    assert (
        world.client(world.province_admin)
        .get(reverse("achievements:benefit_certify", args=[entry.pk]))
        .status_code
        == 200
    )


def test_cross_org_attachment_download_404(world, pair, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine, theirs = pair
    own = services.attachment_add(
        actor=world.admin_a, achievement=mine, upload=upload("a.pdf", PDF)
    )
    other = services.attachment_add(
        actor=world.admin_b, achievement=theirs, upload=upload("b.pdf", PDF)
    )
    client = world.client(world.admin_a)
    assert client.get(reverse("achievements:attachment_download", args=[own.pk])).status_code == 200
    assert_404_for(client, reverse("achievements:attachment_download", args=[other.pk]))
    assert_404_for(
        world.client(world.worker_a), reverse("achievements:attachment_download", args=[own.pk])
    )


def test_cross_org_api_achievements_404(world, pair):
    from jiangxin.accounts.services import api_token_create

    mine, theirs = pair
    _t, raw = api_token_create(actor=world.admin_a, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = world.client(None)
    assert client.get(reverse("api:achievements_detail", args=[mine.pk]), **auth).status_code == 200
    assert_404_for(client, reverse("api:achievements_detail", args=[theirs.pk]), **auth)
    items = client.get(reverse("api:achievements_list"), **auth).json()["items"]
    assert [i["id"] for i in items] == [mine.pk]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("achievements:patent_grant", {"grant_date": "2024-05-01"}),
        ("achievements:patent_reject", {"rejected_on": "2024-05-01"}),
        ("achievements:patent_lapse", {"lapsed_on": "2024-05-01"}),
    ],
)
def test_cross_org_patent_steps_404(world, pair, name, data):
    from .helpers import pnum

    mine, theirs = pair
    own = services.patent_add(
        actor=world.admin_a, achievement=mine, application_number=pnum(2022, "invention", 11)
    )
    other = services.patent_add(
        actor=world.admin_b, achievement=theirs, application_number=pnum(2022, "invention", 12)
    )
    client = world.client(world.admin_a)  # same permission, sibling enterprise
    assert client.get(reverse(name, args=[own.pk])).status_code == 200
    assert_404_for(client, reverse(name, args=[other.pk]))
    assert_404_for(client, reverse(name, args=[other.pk]), method="post", data=data)
    other.refresh_from_db()
    assert other.status == "applied"


def test_cross_org_bulk_certify_refuses_entries_of_another_city(world):
    """city_staff certifies in its city; an entry of the other city's enterprise in the
    same POST answers 404 and nothing of the batch is certified."""
    from jiangxin.achievements.models import BenefitEntry

    here = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 5)], title="甲市成果")
    there = submit(
        world.province_admin, world.ent_c, [make_worker(world.ent_c, 6)], title="乙市成果"
    )
    own = services.benefit_claim(actor=world.admin_a, achievement=here, year=2024, claimed_yuan="9")
    foreign = services.benefit_claim(
        actor=world.province_admin, achievement=there, year=2024, claimed_yuan="9"
    )
    client = world.client(world.city_staff)
    page = client.get(reverse("achievements:benefit_bulk")).content.decode()
    assert f'value="{own.pk}"' in page and f'value="{foreign.pk}"' not in page
    assert_404_for(
        client,
        reverse("achievements:benefit_bulk"),
        method="post",
        data={"entries": [own.pk, foreign.pk]},
    )
    assert not BenefitEntry.objects.filter(certified_yuan__isnull=False).exists()


def test_cross_org_api_achievement_writes_404(world):
    """A sibling enterprise's admin with a write token cannot add a patent or claim benefit
    on another's achievement (see also achievements/tests/test_api_writes.py)."""
    from jiangxin.testing.api import api_as

    from .helpers import pnum

    theirs = submit(world.admin_b, world.ent_b, [make_worker(world.ent_b, 2)])
    api = api_as(world.admin_a)
    url = reverse("api:achievements_patent_add", args=[theirs.pk])
    assert api.post(url, {"application_number": pnum()}).status_code == 404
    url = reverse("api:achievements_benefit_claim", args=[theirs.pk])
    assert api.post(url, {"year": 2023, "claimed_yuan": "5"}).status_code == 404
    assert not theirs.patents.exists() and not theirs.benefits.exists()
    url = reverse("api:achievements_completers_set", args=[theirs.pk])
    assert api.send("put", url, {"completers": [{"worker_id": 1}]}).status_code == 404
    url = reverse("api:achievements_update", args=[theirs.pk])
    assert api.patch(url, {"title": "抢来的"}).status_code == 404
    url = reverse("api:achievements_transition", args=[theirs.pk])
    assert api.post(url, {"status": "draft"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
