"""The demo seed: a published craftsman-title selection and an open achievement one."""

import pytest

from jiangxin.selection.demo import ACHIEVEMENT_TITLE, CRAFTSMAN_TITLE, seed_demo_selection
from jiangxin.selection.models import Campaign, Entry

pytestmark = pytest.mark.django_db


def test_demo_seed_selection(workday_today):
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.achievements.demo import seed_demo_achievements
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.people.models import Honour

    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    workers = seed_demo_people(orgs)
    seed_demo_achievements(orgs, workers)
    made = seed_demo_selection(orgs, workers)
    titles, awards = made[CRAFTSMAN_TITLE], made[ACHIEVEMENT_TITLE]
    titles.refresh_from_db()
    awards.refresh_from_db()
    assert titles.stage == "published" and titles.announcement.starts_on.year == 2022
    assert Entry.objects.filter(campaign=titles, status="awarded").count() >= 1
    assert Honour.objects.filter(document_number="青工发〔2022〕36号").exists()
    assert (
        awards.stage == "announcement"
        and Entry.objects.filter(campaign=awards, tier__isnull=False).exists()
    )
    assert seed_demo_selection(orgs, workers).keys() == made.keys()  # again: nothing new
    assert Campaign.objects.count() == 2
