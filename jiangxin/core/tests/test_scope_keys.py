"""Scope keys (core/scope_keys.py): the database keeps them true on every write path, a
move rewrites them, scoped() filters by them, and the lists' plans use their indexes."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core.access import scoped, subtree_of
from jiangxin.core.roles import Role
from jiangxin.core.scope_keys import STEP, ScopeKeyed, key_q, keyed_by, scope_keys_stale
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import STEPLEN
from jiangxin.orgs.services import org_move
from jiangxin.people.models import Worker
from jiangxin.people.selectors import worker_list
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def keyed_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, ScopeKeyed)]


def _keys(worker: Worker) -> tuple[str, str, str, str]:
    worker = Worker.objects.unscoped("test").get(pk=worker.pk)
    return worker.scope_path, worker.scope_d1, worker.scope_d2, worker.scope_d3


def test_scope_keys_step_is_the_org_tree_step():
    assert STEP == STEPLEN


def test_scope_keys_on_the_big_tables():
    names = {m._meta.label for m in keyed_models()}
    assert {
        "people.Worker",
        "achievements.Achievement",
        "studios.Studio",
        "selection.Entry",
    } <= names
    for model in keyed_models():
        assert model._meta.get_field(model.scope_owner).related_model is Org


def test_scope_keys_set_on_save(world):
    w = make_worker(world.ent_a, 1)
    p = world.ent_a.path
    assert _keys(w) == (p, p[:4], p[:8], p[:12])


def test_scope_keys_set_on_bulk_create(world):
    rows = [
        Worker(
            name=f"批量{n}",
            gender="M",
            id_cipher="x",
            id_hash=f"h{n}",
            id_masked="m",
            birth_date="1990-01-01",
            employer=world.ent_b,
        )
        for n in range(3)
    ]
    Worker.objects.bulk_create(rows)
    assert scope_keys_stale(Worker) == 0
    assert Worker.objects.unscoped("test").filter(scope_path=world.ent_b.path).count() == 3


def test_scope_keys_follow_a_new_employer_even_from_a_stale_instance(world):
    w = make_worker(world.ent_a, 2)  # the instance in memory still holds blank keys
    w.employer = world.ent_c
    w.save()
    assert _keys(w)[0] == world.ent_c.path
    w.name = "改名"
    w.save()  # writes the blank keys back: the trigger recomputes them
    assert scope_keys_stale(Worker) == 0


def test_scope_keys_follow_an_org_move(world):
    w = make_worker(world.branch_a1, 3)
    make_worker(world.ent_a, 4)
    org_move(actor=world.province_admin, org=world.ent_a, new_parent=world.other_city)
    branch = Org.objects.get(pk=world.branch_a1.pk)
    assert _keys(w)[0] == branch.path
    assert branch.path.startswith(Org.objects.get(pk=world.other_city.pk).path)
    for model in keyed_models():
        assert scope_keys_stale(model) == 0, model


def test_scope_keys_stale_counts_a_disagreeing_row(world):
    w = make_worker(world.ent_a, 5)
    _behind_the_triggers("UPDATE people_worker SET scope_d2 = 'XXXX' WHERE id = %s", [w.pk])
    assert scope_keys_stale(Worker) == 1


def _behind_the_triggers(sql: str, params: list) -> None:
    """Run an UPDATE with the key triggers of people_worker out of the way."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER jx_sk_people_worker_upd")
            cur.execute(sql, params)
        else:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK events before ALTER
            cur.execute("ALTER TABLE people_worker DISABLE TRIGGER jx_sk_people_worker")
            cur.execute(sql, params)
            cur.execute("ALTER TABLE people_worker ENABLE TRIGGER jx_sk_people_worker")


def _county_staff(world) -> User:
    user = User.objects.create_user("county_staff", password="x", home_org=world.county)
    RoleAssignment.objects.create(user=user, org=world.county, role=Role.FEDERATION_STAFF)
    return user


def test_scoped_uses_the_key_of_the_scope_depth(world):
    staff = _county_staff(world)
    mine = make_worker(world.ent_b, 6)
    make_worker(world.ent_c, 7)
    qs = scoped(Worker.objects.all(), staff, "employer")
    assert list(qs) == [mine]
    sql = str(qs.query)
    assert "scope_d3" in sql and "orgs_org" not in sql  # the key alone: no join


def test_scope_keys_cannot_be_forged_past_the_triggers(world):
    foreign = make_worker(world.ent_c, 8)
    staff = _county_staff(world)
    with connection.cursor() as cur:  # the foreign worker's keys set to county A's subtree
        cur.execute(
            "UPDATE people_worker SET scope_path = %s, scope_d2 = %s, scope_d3 = %s WHERE id = %s",
            [world.ent_a.path, world.city.path, world.county.path, foreign.pk],
        )
    assert _keys(foreign)[0] == world.ent_c.path  # recomputed from the owner
    assert list(scoped(Worker.objects.all(), staff, "employer")) == []
    assert scope_keys_stale(Worker) == 0


def test_scoped_by_range_below_the_key_depths(world):
    assert len(world.ent_a.path) // STEP > 3
    w = make_worker(world.branch_a1, 9)
    make_worker(world.ent_b, 10)
    assert list(scoped(Worker.objects.all(), world.admin_a, "employer")) == [w]
    assert "scope_path" in str(key_q(world.ent_a.path))


def test_subtree_of_narrows_by_keys(world):
    a = make_worker(world.ent_a, 11)
    make_worker(world.ent_b, 12)
    qs = subtree_of(
        scoped(Worker.objects.all(), world.province_admin, "employer"), "employer", world.ent_a.path
    )
    assert list(qs) == [a]


def test_keyed_by_only_for_the_owner_field():
    assert keyed_by(Worker, "employer")
    assert not keyed_by(Worker, "employer__parent")
    assert not keyed_by(Worker, None)
    assert not keyed_by(Org, None)


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " ".join(str(r[-1]) for r in cur.fetchall())
        # A tiny table: ask whether an index serves filter and order together.
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_bitmapscan = off")
        cur.execute("SET LOCAL enable_sort = off")
        cur.execute("EXPLAIN " + sql, params)
        return " ".join(r[0] for r in cur.fetchall())


def test_county_worker_list_reads_the_key_index_in_order(world):
    staff = _county_staff(world)
    for n in range(20):
        make_worker(world.ent_b if n % 2 else world.ent_c, 100 + n, name=f"职工{n}")
    # newer workers elsewhere, many of them: walking the primary key backwards with the
    # key as a filter would pass them all before the county's first
    Worker.objects.bulk_create(
        Worker(
            name=f"他处{n}",
            gender="M",
            id_cipher="x",
            id_hash=f"other{n}",
            id_masked="m",
            birth_date="1990-01-01",
            employer=world.ent_c,
        )
        for n in range(3000)
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    page = worker_list(staff, size=5)
    assert [w.employer_id for w in page.items] == [world.ent_b.pk] * 5
    qs = scoped(Worker.objects.all(), staff, "employer").order_by("-id")[:6]
    plan = _plan(qs)
    assert "worker_scope_d3_idx" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan  # no sort: index order


def test_scope_keys_verify_command_finds_a_wrong_row(world):
    from django.core.management import CommandError, call_command

    w = make_worker(world.ent_a, 13)
    call_command("scope_keys_verify")
    _behind_the_triggers("UPDATE people_worker SET scope_d1 = 'XXXX' WHERE id = %s", [w.pk])
    with pytest.raises(CommandError):
        call_command("scope_keys_verify")


def test_scoped_follows_a_relation_to_the_keys(world):
    from jiangxin.core.scope_keys import key_prefix
    from jiangxin.people.models import Honour

    assert key_prefix(Honour, "worker__employer") == "worker__"
    assert key_prefix(Honour, "worker") is None
    staff = _county_staff(world)
    qs = scoped(Honour.objects.all(), staff, "worker__employer")
    sql = str(qs.query)
    assert "scope_d3" in sql and "orgs_org" not in sql
