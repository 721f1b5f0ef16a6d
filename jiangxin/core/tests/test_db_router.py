"""The replica router's decisions (jiangxin/core/db_router.py), without a replica: which
alias a read takes in a marked view, a `replica_reads()` block, a transaction, after a
write; the stamp after a write; settings with and without JX_REPLICA_URL; every list,
dashboard, report and export view carries the marker. `test_replica_pg.py` runs the read
paths against a real streaming replica (`pytest -m replica`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from jiangxin.core import db_router
from jiangxin.core.db_router import (
    MARK,
    PRIMARY,
    REPLICA,
    STICKY_COOKIE,
    ReplicaRouter,
    ReplicaStickyMiddleware,
    read_alias,
    replica_reads,
)

# The views that read from the replica: every list page and export of the apps'
# tests/lists.py (but those below), the dashboards and the reports.
DASHBOARDS = {
    "studios:rate": {},
    "studios:rate_org": {"org_pk": 1},
    "studios:rate_without": {"org_pk": 1},
    "selection:campaign_detail": {"pk": 1},
    "selection:results": {"pk": 1},
    "selection:results_export": {"pk": 1},
    "selection:sheet_export": {"pk": 1},
}
# Lists that stay on the primary, with the reason.
PRIMARY_LISTS = {
    "api:": "API clients hold no browser stamp: a client reading back its own write must see it",
    "core:calendar": "a few rows, kept in a per-process cache that must not be filled stale",
    "accounts:api_tokens": "the user's own few tokens, right after creating or revoking one",
    "accounts:lockouts": "the security administrator's live view of the login throttle",
}


@pytest.fixture
def with_replica(monkeypatch):
    """As if JX_REPLICA_URL were set (the router's decisions need no second database)."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    monkeypatch.setattr(connections[PRIMARY], "in_atomic_block", False)


def _seen_by(view_alias: list):
    def view(request):
        view_alias.append(read_alias())
        return HttpResponse("ok")

    return view


@pytest.mark.skipif(bool(os.environ.get("JX_REPLICA_URL")), reason="a replica is configured")
def test_db_router_without_replica_changes_nothing():
    assert "replica" not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == []
    assert "jiangxin.core.db_router.ReplicaStickyMiddleware" not in settings.MIDDLEWARE

    def view(request):
        return HttpResponse()

    assert replica_reads(view) is view  # the view itself: nothing runs per request
    assert getattr(view, MARK) is True
    with replica_reads() as alias:
        assert alias == PRIMARY
        assert read_alias() == PRIMARY


def test_db_router_reads_from_replica_only_inside_a_marked_get(with_replica):
    seen: list[str] = []
    view = replica_reads(_seen_by(seen))
    rf = RequestFactory()
    view(rf.get("/"))
    view(rf.head("/"))
    view(rf.post("/"))
    for method in ("put", "patch", "delete", "options"):
        view(getattr(rf, method)("/"))
    _seen_by(seen)(rf.get("/"))  # an unmarked view
    assert seen == [REPLICA, REPLICA, PRIMARY, PRIMARY, PRIMARY, PRIMARY, PRIMARY, PRIMARY]
    assert read_alias() == PRIMARY  # after the view: back to the primary


def test_db_router_reads_inside_a_transaction_go_to_the_primary(with_replica, monkeypatch):
    router = ReplicaRouter()
    with replica_reads() as alias:
        assert alias == REPLICA
        assert router.db_for_read(None) == REPLICA
        monkeypatch.setattr(connections[PRIMARY], "in_atomic_block", True)
        assert router.db_for_read(None) == PRIMARY
        monkeypatch.setattr(connections[PRIMARY], "in_atomic_block", False)
        assert router.db_for_read(None) == REPLICA


def test_db_router_a_write_in_a_view_keeps_the_rest_of_the_request_on_the_primary(
    with_replica,
):
    router = ReplicaRouter()
    seen: list[str] = []

    def view(request):
        seen.append(router.db_for_read(None))
        seen.append(router.db_for_write(None))
        seen.append(router.db_for_read(None))
        return HttpResponse()

    request = RequestFactory().get("/")
    replica_reads(view)(request)
    assert seen == [REPLICA, PRIMARY, PRIMARY]
    assert request.jx_replica_wrote is True  # the middleware stamps the browser


def test_db_router_a_job_block_stays_on_the_replica_after_its_progress_writes(with_replica):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(None) == PRIMARY
        assert router.db_for_read(None) == REPLICA


def test_db_router_recent_stamp_reads_from_the_primary(with_replica, settings):
    settings.REPLICA_STICKY_SECONDS = 10
    seen: list[str] = []
    view = replica_reads(_seen_by(seen))
    rf = RequestFactory()
    now = int(time.time())
    for stamp in (now, now - 9, now - 11, "not-a-time"):
        request = rf.get("/")
        request.COOKIES[STICKY_COOKIE] = str(stamp)
        view(request)
    assert seen == [PRIMARY, PRIMARY, REPLICA, PRIMARY]


def test_db_router_middleware_stamps_a_successful_write(settings):
    settings.REPLICA_STICKY_SECONDS = 10
    rf = RequestFactory()

    def answer(status: int, wrote: bool = False):
        def get_response(request):
            if wrote:
                request.jx_replica_wrote = True
            return HttpResponse(status=status)

        return ReplicaStickyMiddleware(get_response)

    before = int(time.time())
    stamped = answer(302)(rf.post("/"))
    cookie = stamped.cookies[STICKY_COOKIE]
    assert before <= int(cookie.value) <= time.time()
    assert cookie["max-age"] == 10
    assert cookie["httponly"] is True
    assert STICKY_COOKIE in answer(200)(rf.delete("/")).cookies
    assert STICKY_COOKIE in answer(200, wrote=True)(rf.get("/")).cookies
    assert STICKY_COOKIE not in answer(200)(rf.get("/")).cookies
    assert STICKY_COOKIE not in answer(200)(rf.head("/")).cookies
    assert STICKY_COOKIE not in answer(400)(rf.post("/")).cookies
    assert STICKY_COOKIE not in answer(403)(rf.post("/")).cookies


def test_db_router_migrations_and_relations():
    router = ReplicaRouter()
    assert router.allow_migrate(PRIMARY, "people") is True
    assert router.allow_migrate(REPLICA, "people") is False

    class Obj:
        def __init__(self, db):
            self._state = type("S", (), {"db": db})()

    assert router.allow_relation(Obj(PRIMARY), Obj(REPLICA)) is True
    assert router.allow_relation(Obj(PRIMARY), Obj("other")) is None


def _marked_names() -> dict[str, dict]:
    from jiangxin.core.tests.test_list_queries_meta import lists

    names = {
        name: {}
        for name in lists()
        if not any(
            name == skip or (skip.endswith(":") and name.startswith(skip)) for skip in PRIMARY_LISTS
        )
    }
    return {**names, **DASHBOARDS}


@pytest.mark.parametrize("name", sorted(_marked_names()))
def test_db_router_marks_every_list_dashboard_report_and_export(name):
    func = resolve(reverse(name, kwargs=_marked_names()[name] or None)).func
    assert getattr(func, MARK, False), f"{name}: add @replica_reads to its view"


def test_db_router_settings_with_a_replica_url():
    """JX_REPLICA_URL adds the alias (a test mirror of the primary), the router and the
    stamping middleware; migrations go to the primary only."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "from django.db import router;"
        "r = s.DATABASES['replica'];"
        "print(json.dumps({'engine': r['ENGINE'], 'host': r['HOST'], 'port': r['PORT'],"
        " 'name': r['NAME'], 'mirror': r['TEST']['MIRROR'], 'routers': s.DATABASE_ROUTERS,"
        " 'mw': s.MIDDLEWARE.index('jiangxin.core.db_router.ReplicaStickyMiddleware')"
        " < s.MIDDLEWARE.index('jiangxin.core.middleware.HtmxRedirectMiddleware'),"
        " 'migrate': [router.allow_migrate(a, 'people') for a in ('default', 'replica')]}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings.test",
        "JX_REPLICA_URL": "postgres://ro:pw@10.0.0.2:5433/jiangxin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {
        "engine": "django.db.backends.postgresql",
        "host": "10.0.0.2",
        "port": 5433,
        "name": "jiangxin",
        "mirror": "default",
        "routers": ["jiangxin.core.db_router.ReplicaRouter"],
        "mw": True,
        "migrate": [True, False],
    }
