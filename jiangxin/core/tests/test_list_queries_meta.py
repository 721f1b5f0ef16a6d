"""Every list page, API list and export runs the same number of SQL queries with 2 rows as
with 8 (see `jiangxin/testing/lists.py`)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiangxin.testing.crossorg import api_client
from jiangxin.testing.exports import export_get
from jiangxin.testing.lists import Grow
from jiangxin.testing.urlwalk import app_declarations, has_parameter, named_urls

# URLs without a path parameter that are not lists, with the reason.
NOT_LISTS = {
    "admin:": "Django admin",
    "core:healthz": "no rows",
    "core:calendar_day_remove": "an action (POST)",
    "core:calendar_confirm": "an action (POST)",
    "core:home": "the to-do list: each source is a fixed number of queries (its own test)",
    "accounts:login": "a form",
    "accounts:logout": "an action",
    "accounts:password_change": "a form",
    "accounts:otp_enrol": "a form (one device)",
    "accounts:otp_verify": "a form",
    "accounts:otp_status": "one user's second factor",
    "accounts:role_switch": "an action",
    "accounts:user_create": "a form",
    "people:worker_create": "a form",
    "people:my_profile": "one worker",
    "studios:apply": "a form",
    "achievements:submit": "a form",
    "achievements:similar": "at most 10 similar titles (a fixed search)",
    "selection:campaign_create": "a form",
    "set_language": "an action",
    "javascript-catalog": "the catalog",
    "api:openapi-json": "the schema",
    "api:api-root": "the API docs",
    "api:workers_lookup": "one worker by ID number (POST)",
    "api:public_announcement": "one announcement",
    "announcements:objection_status": "one objection, by its reference",
    "api:achievements_submit": "a write (POST)",
    "api:studios_apply": "a write (POST)",
    "api:workers_register": "a write (POST)",
    "competitions:create": "a form",
    "api:competitions_registration_create": "a write (POST)",
}


def plain_url_names() -> set[str]:
    return {
        name
        for name, pattern in named_urls()
        if not has_parameter(pattern)
        and not any(
            name == skip or (skip.endswith(":") and name.startswith(skip)) for skip in NOT_LISTS
        )
    }


def lists() -> dict[str, Grow]:
    return app_declarations("lists", "LISTS")


def test_list_queries_meta_every_list_is_declared():
    missing = plain_url_names() - set(lists())
    assert not missing, (
        f"URLs neither in an app's tests/lists.py nor in NOT_LISTS: {sorted(missing)}"
    )


def _count(client, url: str, params: dict, headers: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = export_get(client, url, params, **headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx)


@pytest.mark.parametrize("name", sorted(lists()))
def test_list_queries_meta_fixed_per_page(world, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grow = lists()[name]
    grow.add(world, 2)
    user = grow.user(world) if callable(grow.user) else getattr(world, grow.user or "", None)
    if grow.api:
        client, headers = api_client(user)
    else:
        client, headers = world.client(user), {}
    url = reverse(name)
    _count(client, url, grow.params, headers)  # warm-up: sessions, caches, content types
    few = _count(client, url, grow.params, headers)
    grow.add(world, 6)
    many = _count(client, url, grow.params, headers)
    assert few == many, f"{name}: {few} queries with 2 rows, {many} with 8"
