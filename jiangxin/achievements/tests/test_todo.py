"""Achievements on the home page's to-do list: submitted ones for the federation
reviewers above them, drafts for the enterprise that keeps them."""

import pytest
from django.urls import reverse
from django.utils import translation

from jiangxin.core.todo import todo_items
from jiangxin.testing.people import make_worker

from .helpers import submit

pytestmark = pytest.mark.django_db
WAITING = "Innovation achievements waiting for acceptance"
DRAFTS = "Innovation achievement drafts not submitted yet"


def _items(user):
    with translation.override("en"):
        return {str(i.label): (i.count, i.url) for i in todo_items(user)}


def test_todo_achievements_waiting_for_acceptance_in_scope(world):
    team = [make_worker(world.ent_a, 1, name="栾军")]
    submit(world.admin_a, world.ent_a, team)
    submit(world.admin_a, world.ent_a, team, title="连铸坯表面质量控制", draft=True)
    count, url = _items(world.city_staff)[WAITING]
    assert count == 1 and url == reverse("achievements:list") + "?status=submitted"
    assert _items(world.province_admin)[WAITING][0] == 1
    assert _items(world.admin_a)[DRAFTS][0] == 1
    assert WAITING not in _items(world.admin_a)  # an enterprise does not accept
    assert DRAFTS not in _items(world.admin_b) and WAITING not in _items(world.admin_b)


def test_todo_benefit_waiting_for_certification(world):
    from jiangxin.achievements import services

    a = submit(world.admin_a, world.ent_a, [make_worker(world.ent_a, 1)])
    services.benefit_claim(actor=world.admin_a, achievement=a, year=2024, claimed_yuan=100)
    services.benefit_claim(actor=world.admin_a, achievement=a, year=2025, claimed_yuan=100)
    label = "Benefit waiting for certification"
    count, url = _items(world.city_staff)[label]
    assert count == 2 and url == reverse("achievements:benefit_bulk")
    assert label not in _items(world.admin_a)  # an enterprise does not certify
