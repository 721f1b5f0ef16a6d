"""Studios on the home page's to-do list: applications at the reviewer's own stage, and
studios whose 公示 has ended for the org that names them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiangxin.core.todo import todo_items

pytestmark = pytest.mark.django_db
REVIEW = "Studio applications waiting for your review"
NAME = "Studios whose public announcement has ended, ready to be named"


def _items(user) -> dict[str, int | None]:
    return {str(i.label): i.count for i in todo_items(user)}


def test_todo_studio_waits_at_its_stage_only(cast):
    w = cast.world
    studio = cast.apply()
    assert _items(w.admin_a)[REVIEW] == 1
    for other in (w.admin_b, w.city_staff, w.province_admin, w.worker_a):
        assert REVIEW not in _items(other)
    cast.approve(studio, w.admin_a)
    assert REVIEW not in _items(w.admin_a)
    assert _items(w.city_staff)[REVIEW] == 1


def test_todo_studio_ready_to_name_for_the_naming_org_only(cast):
    w = cast.world
    studio = cast.announce(cast.apply())
    assert NAME not in _items(w.province_admin)  # the 公示 is still running
    cast.end_announcement(studio)
    assert _items(w.province_admin)[NAME] == 1
    assert NAME not in _items(w.city_staff)  # the province names, not the city
    assert NAME not in _items(w.admin_a)


def test_home_lists_studio_reviews_with_link_in_fixed_queries(cast, django_assert_num_queries):
    w = cast.world
    cast.apply()
    client = w.client(w.admin_a)
    client.get(reverse("core:home"))  # the session and the calendar's years, once
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("studios:list")}?todo=1"' in page
    cast.apply(cast.member_a, name="张三创新工作室")
    with django_assert_num_queries(len(first)):
        page = client.get(reverse("core:home")).content.decode()
    assert '<span class="jx-count">2</span>' in page
