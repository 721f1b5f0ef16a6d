"""Selection on the home page's to-do list: nominations at the user's level, the formal
check, scorecards to fill, objections to decide and 公示 that has ended."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiangxin.core.todo import todo_items
from jiangxin.testing.people import make_worker

from .. import services
from .factories import end_announcement, make_campaign, nominate_up, to_announcement, to_review

pytestmark = pytest.mark.django_db


def _labels(user) -> dict[str, tuple[int | None, str]]:
    return {str(i.label): (i.count, i.url) for i in todo_items(user)}


def _find(user, prefix: str):
    return next((v for k, v in _labels(user).items() if k.startswith(prefix)), None)


def test_todo_nominations_wait_at_the_users_level(world):
    campaign = make_campaign(world)
    worker = make_worker(world.ent_a, 1)
    services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=worker.pk)
    count, url = _find(world.admin_a, "Nominations waiting for your recommendation sheet")
    assert count == 1 and url == reverse("selection:sheet", args=[campaign.pk])
    assert _find(world.admin_b, "Nominations waiting") is None
    assert _find(world.city_staff, "Nominations waiting for your recommendation") is None


def test_todo_formal_check_for_the_organisers_managers(world):
    campaign = make_campaign(world)
    nominate_up(world, campaign, [make_worker(world.ent_a, 1), make_worker(world.ent_b, 2)])
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    count, url = _find(world.city_staff, "Nominations waiting for the formal check")
    assert count == 2 and url == reverse("selection:check_list", args=[campaign.pk])
    assert _find(world.admin_a, "Nominations waiting for the formal check") is None


def test_todo_scorecards_for_the_expert(world):
    campaign = make_campaign(world)
    _entries, experts = to_review(world, campaign, n=2, experts=3)
    count, url = _find(experts[0], "Scorecards to fill in")
    assert count == 2 and url == reverse("selection:my_scorecards")
    assert _find(world.city_staff, "Scorecards") is None


def test_todo_objections_and_ended_announcement(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    assert _find(world.city_staff, "Objections to decide") is None
    entry = campaign.entries.filter(tier__isnull=False).first()
    services.objection_file(
        announcement=announcement,
        entry_id=entry.pk,
        kind="person",
        name="王某",
        contact="13912345678",
        content="该同志的成果材料与事实不符，请核查。",
    )
    count, url = _find(world.city_staff, "Objections to decide")
    assert count == 1 and url == reverse("selection:announcement", args=[campaign.pk])
    assert _find(world.admin_a, "Objections") is None
    assert _find(world.city_staff, "Public announcement ended") is None
    end_announcement(announcement)
    assert _find(world.city_staff, "Public announcement ended, ready to publish") is not None


def test_home_selection_items_in_fixed_queries(world, django_assert_num_queries):
    first_campaign = make_campaign(world)
    services.entry_nominate(
        actor=world.admin_a, campaign=first_campaign, subject_id=make_worker(world.ent_a, 1).pk
    )
    client = world.client(world.admin_a)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("core:home"))
    second = make_campaign(world, title="2023年青岛市工匠评选", year=2023)
    for n in (2, 3):
        services.entry_nominate(
            actor=world.admin_a, campaign=second, subject_id=make_worker(world.ent_a, n).pk
        )
    with django_assert_num_queries(len(first)):
        page = client.get(reverse("core:home")).content.decode()
    assert reverse("selection:sheet", args=[second.pk]) in page
    assert reverse("selection:sheet", args=[first_campaign.pk]) in page


def test_todo_studio_naming_announcement_is_not_a_publication_to_do(world, workday_today):
    """A studio's 公示 on the board ends in naming the studio (the studios to-do item), not
    in publishing a campaign: it is not listed twice."""
    from ..models import Campaign

    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    end_announcement(announcement)
    assert _find(world.city_staff, "Public announcement ended, ready to publish") is not None
    Campaign.objects.filter(pk=campaign.pk).update(subject_kind="studio_naming")
    assert _find(world.city_staff, "Public announcement ended, ready to publish") is None
