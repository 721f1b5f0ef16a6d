"""The read paths against a real PostgreSQL streaming replica (`pytest -m replica`, run by
.ci/run after `make test-pg`: scripts/pg-throwaway.sh and scripts/pg-replica.sh start the
servers, JX_REPLICA_URL names the replica). Skipped unless JX_REPLICA_URL is set.

Each test commits (transactional) and waits until the replica has replayed the
primary's WAL, then records which alias served each query (`execute_wrapper` on both
connections): list pages, dashboards and exports read from the replica; a POST and the
page it redirects to read from the primary; the replica refuses writes."""

from __future__ import annotations

import os
import time
from contextlib import ExitStack, contextmanager
from datetime import date

import pytest
from django.db import DatabaseError, connections, transaction
from django.urls import reverse

from jiangxin.core.db_router import PRIMARY, REPLICA, STICKY_COOKIE, replica_reads
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import build_world

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(not os.environ.get("JX_REPLICA_URL"), reason="needs JX_REPLICA_URL"),
    pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA]),
]


def replica_caught_up(timeout: float = 30.0) -> None:
    """Wait until the replica has replayed everything the primary has written so far (the
    insert position: the throwaway primary commits asynchronously, so a commit may still
    sit in its WAL buffers, past pg_current_wal_lsn())."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, f"the replica did not replay up to {lsn}"
            time.sleep(0.05)


@contextmanager
def served_by():
    """{alias: [sql, ...]} of the queries each connection ran inside the block."""
    seen: dict[str, list[str]] = {PRIMARY: [], REPLICA: []}

    def recorder(alias):
        def wrapper(execute, sql, params, many, context):
            seen[alias].append(sql)
            return execute(sql, params, many, context)

        return wrapper

    with ExitStack() as stack:
        for alias in seen:
            stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
        yield seen


def _touching(queries: list[str], table: str) -> list[str]:
    return [sql for sql in queries if f'"{table}"' in sql]


@pytest.fixture
def world():
    w = build_world()
    make_worker(w.ent_a, 7301, name="副本读者")
    replica_caught_up()
    return w


def test_replica_is_a_read_only_standby_of_the_primary(world):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is False
    from jiangxin.orgs.models import Org

    with pytest.raises(DatabaseError, match="read-only transaction"):
        Org.objects.using(REPLICA).filter(pk=world.ent_a.pk).update(name="改名")
    with (
        pytest.raises(DatabaseError, match="read-only transaction"),
        connections[REPLICA].cursor() as cursor,
    ):
        cursor.execute("CREATE TABLE jx_replica_probe (id integer)")
    assert Org.objects.get(pk=world.ent_a.pk).name == world.ent_a.name


def test_replica_serves_a_list_page_and_a_dashboard(world):
    client = world.client(world.admin_a)
    with served_by() as seen:
        listed = client.get(reverse("people:worker_list"))
    assert listed.status_code == 200
    assert "副本读者" in listed.content.decode()
    assert _touching(seen[REPLICA], "people_worker")
    assert not _touching(seen[PRIMARY], "people_worker")

    dashboard_client = world.client(world.province_admin)
    with served_by() as seen:
        dashboard = dashboard_client.get(reverse("studios:rate"))
    assert dashboard.status_code == 200
    assert _touching(seen[REPLICA], "orgs_org")
    assert not _touching(seen[PRIMARY], "orgs_org")
    assert STICKY_COOKIE not in dashboard.cookies


def test_replica_post_and_the_page_it_redirects_to_read_from_the_primary(world):
    client = world.client(world.city_staff)
    url = reverse("studios:rate_target", args=[world.city.pk])
    with served_by() as seen:
        response = client.post(
            url, {"target_rate": "55", "by_date": date(2026, 12, 31).isoformat()}, follow=True
        )
    assert response.redirect_chain == [(reverse("studios:rate_org", args=[world.city.pk]), 302)]
    assert response.status_code == 200
    assert seen[REPLICA] == []  # the write, and the page after it, on the primary
    assert _touching(seen[PRIMARY], "studios_creationratetarget")
    assert STICKY_COOKIE in client.cookies

    # Once the stamp has gone (it lives REPLICA_STICKY_SECONDS), the page reads the
    # replica again — which by now holds the target too.
    del client.cookies[STICKY_COOKIE]
    replica_caught_up()
    with served_by() as seen:
        again = client.get(reverse("studios:rate_org", args=[world.city.pk]))
    assert again.status_code == 200
    assert _touching(seen[REPLICA], "studios_creationratetarget")
    assert not _touching(seen[PRIMARY], "studios_creationratetarget")


def test_replica_serves_an_export_and_audits_it_on_the_primary(world):
    from jiangxin.core.models import AuditEvent

    client = world.client(world.admin_a)
    with served_by() as seen:
        response = client.get(reverse("people:worker_export"))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert _touching(seen[REPLICA], "people_worker")
    assert not _touching(seen[PRIMARY], "people_worker")
    assert _touching(seen[PRIMARY], "core_auditevent")  # the export's audit row
    assert AuditEvent.objects.filter(action="export").exists()
    assert STICKY_COOKIE in response.cookies  # it wrote: the next pages read the primary


def test_replica_reads_block_streams_a_job_loop_from_the_replica(world):
    """What an export job wraps its row loop in: a server-side cursor on the replica, in
    a transaction there."""
    from jiangxin.core.models_tasks import TaskProgress
    from jiangxin.people.models import Worker

    with served_by() as seen, replica_reads() as alias, transaction.atomic(using=alias):
        names = [w.name for w in Worker.objects.order_by("pk").iterator(chunk_size=2)]
        TaskProgress.objects.count()  # any model read: still the replica
    assert alias == REPLICA
    assert "副本读者" in names
    assert _touching(seen[REPLICA], "people_worker")
    assert _touching(seen[REPLICA], "core_taskprogress")
    assert seen[PRIMARY] == []
