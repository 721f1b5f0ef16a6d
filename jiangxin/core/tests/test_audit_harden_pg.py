"""PostgreSQL only (`make test-pg`): after `manage.py audit_harden` the application's role
can insert and read audit rows but cannot truncate, update or delete them, nor disable or
drop the table's triggers; those belong to the owner role. The roles are created inside
the test's transaction and vanish with its rollback."""

from __future__ import annotations

import os

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from jiangxin.core.audit import audit_record
from jiangxin.core.models import AuditEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
]
# roles are per cluster: one pair per xdist worker
_W = os.environ.get("PYTEST_XDIST_WORKER", "main")
OWNER, APP = f"jx_test_audit_owner_{_W}", f"jx_test_audit_app_{_W}"


def _may_create_roles(cursor) -> bool:
    cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    return bool(cursor.fetchone()[0])


def _refused(cursor, sql: str, params=()) -> None:
    with pytest.raises(DatabaseError) as failed, transaction.atomic():
        cursor.execute(sql, params)
    message = str(failed.value).lower()
    assert "permission denied" in message or "must be owner" in message, message


def test_audit_harden_app_role_can_only_insert_and_select():
    event = audit_record(action="test.event", username="before")
    with connection.cursor() as cursor:
        if not _may_create_roles(cursor):
            pytest.skip("the test role may not create roles (CREATEROLE)")
        cursor.execute(f"CREATE ROLE {OWNER} NOLOGIN")
        cursor.execute(f"CREATE ROLE {APP} NOLOGIN")
        # the test's own role acts as the administrator: it may become either role
        cursor.execute(f"GRANT {OWNER}, {APP} TO CURRENT_USER")
        call_command("audit_harden", owner=OWNER, app_role=APP)
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_auditevent'")
        assert cursor.fetchone()[0] == OWNER
        cursor.execute(f"SET ROLE {APP}")
        try:
            cursor.execute("SELECT count(*) FROM core_auditevent")
            (before,) = cursor.fetchone()
            cursor.execute(
                "INSERT INTO core_auditevent (at, username, action, object_type, object_id,"
                " object_repr, org_path, result, details, prev_hash, row_hash)"
                " VALUES (now(), 'app', 'test.event', '', '', '', '', 'success', '{}', '', '')"
            )
            cursor.execute("SELECT count(*) FROM core_auditevent")
            assert cursor.fetchone()[0] == before + 1
            _refused(cursor, "TRUNCATE core_auditevent")
            _refused(cursor, "UPDATE core_auditevent SET username = 'x' WHERE id = %s", [event.pk])
            _refused(cursor, "DELETE FROM core_auditevent WHERE id = %s", [event.pk])
            _refused(cursor, "ALTER TABLE core_auditevent DISABLE TRIGGER USER")
            _refused(cursor, "DROP TRIGGER jx_audit_no_delete ON core_auditevent")
            _refused(cursor, "DROP TABLE core_auditevent")
            _refused(
                cursor,
                "CREATE TRIGGER jx_x BEFORE INSERT ON core_auditevent"
                " FOR EACH ROW EXECUTE FUNCTION jx_audit_append_only()",
            )
            # the application itself still writes its audit rows
            audit_record(action="test.event", username="as_app")
        finally:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(username__in=["before", "app", "as_app"]).count() == 3


def test_audit_harden_refuses_an_app_role_that_is_a_member_of_the_owner():
    with connection.cursor() as cursor:
        if not _may_create_roles(cursor):
            pytest.skip("the test role may not create roles (CREATEROLE)")
        cursor.execute(f"CREATE ROLE {OWNER} NOLOGIN")
        cursor.execute(f"CREATE ROLE {APP} NOLOGIN IN ROLE {OWNER}")
    with pytest.raises(CommandError, match="member"):
        call_command("audit_harden", owner=OWNER, app_role=APP)


def test_audit_harden_refuses_unknown_roles():
    with pytest.raises(CommandError, match="no role"):
        call_command("audit_harden", owner="jx_no_such_owner", app_role="jx_no_such_app")


@pytest.mark.django_db(transaction=True)
def test_audit_chain_concurrent_writers_do_not_fork():
    """Eight threads, each writing audit rows in its own transactions, on PostgreSQL
    (where writers really run at once): the chain still verifies."""
    import threading

    from django.db import connections

    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit_record(action="test.event", username=f"t{n}", details={"i": i})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="test.event").count() == 80
    call_command("audit_verify")
