"""The audit log is tamper-evident: a hash chain over every row, verified by
`manage.py audit_verify`, which names the first row where a deletion, an edit or an
insertion broke it (raw SQL, past the ORM guard and the triggers)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jiangxin.core.audit import audit_record
from jiangxin.core.audit_chain import GENESIS, canonical, row_hash
from jiangxin.core.models import AuditEvent

pytestmark = pytest.mark.django_db
append_only = importlib.import_module("jiangxin.core.migrations.0002_audit_append_only")


def _events(n: int) -> list[AuditEvent]:
    return [
        audit_record(action="test.event", username=f"u{i}", details={"i": i, "f": 1.5})
        for i in range(n)
    ]


def _bypass_triggers(cursor) -> None:
    """What someone with the database file or the table's owner could do (rolled back
    with the test)."""
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
    else:
        cursor.execute(append_only.SQLITE_BACKWARD)


def _raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute(sql, params)


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def _broken() -> str:
    with pytest.raises(CommandError) as failed:
        _verify()
    assert failed.value.returncode == 1
    return str(failed.value)


def test_audit_record_chains_each_row_to_the_one_before():
    first, second, third = _events(3)
    assert first.prev_hash == AuditEvent.objects.order_by("id").first().prev_hash
    assert second.prev_hash == first.row_hash and third.prev_hash == second.row_hash
    assert len(third.row_hash) == 64 and third.row_hash != second.row_hash
    stored = AuditEvent.objects.values().get(pk=second.pk)
    assert row_hash(stored, stored["prev_hash"]) == second.row_hash


def test_audit_verify_passes_on_an_intact_chain():
    events = _events(5)
    out = _verify()
    assert "audit chain ok" in out and f"head {events[-1].pk} {events[-1].row_hash}" in out


def test_audit_verify_names_the_row_after_a_deleted_one():
    events = _events(5)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    message = _broken()
    assert f"row {events[3].pk} " in message and "deleted or inserted" in message
    assert f"after row {events[1].pk}" in message


def test_audit_verify_names_an_edited_row():
    events = _events(5)
    _raw("UPDATE core_auditevent SET username = 'someone_else' WHERE id = %s", [events[1].pk])
    message = _broken()
    assert f"row {events[1].pk} " in message and "changed" in message


def test_audit_verify_names_an_edited_row_even_with_a_recomputed_plain_hash():
    import hashlib

    events = _events(3)
    stored = AuditEvent.objects.values().get(pk=events[1].pk)
    stored["result"] = "failure"
    forged = hashlib.sha256(events[0].row_hash.encode() + b"\n" + canonical(stored)).hexdigest()
    _raw(
        "UPDATE core_auditevent SET result = 'failure', row_hash = %s WHERE id = %s",
        [forged, events[1].pk],
    )
    assert f"row {events[1].pk} " in _broken()  # the chain is keyed: no key, no forgery


def test_audit_verify_names_an_inserted_row():
    events = _events(3)
    last = events[-1]
    _raw(
        "INSERT INTO core_auditevent (at, username, action, object_type, object_id,"
        " object_repr, org_path, result, details, prev_hash, row_hash)"
        " VALUES (%s, 'ghost', 'login', '', '', '', '', 'success', '{}', %s, %s)",
        [last.at, last.row_hash, "f" * 64],
    )
    ghost = AuditEvent.objects.get(username="ghost")
    assert f"row {ghost.pk} " in _broken()


def test_audit_verify_detects_the_oldest_rows_removed():
    """Retention: rows are never purged; removing the oldest ones breaks the chain at its
    start (the first row must link to GENESIS)."""
    events = _events(4)
    _raw("DELETE FROM core_auditevent WHERE id <= %s", [events[1].pk])
    message = _broken()
    assert f"row {events[2].pk} " in message and "at the start" in message
    assert AuditEvent.objects.order_by("id").first().prev_hash != GENESIS


def test_audit_rows_are_never_deleted_by_the_application():
    """Retention ≥ 6 months (docs/audit.md): no command, service or job deletes audit
    rows. Besides the ORM guard (test_audit.py), no source outside the tests and the
    migrations names a DELETE or TRUNCATE of the audit table."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(DELETE\s+FROM|TRUNCATE)\s+(TABLE\s+)?\"?core_auditevent", re.I)
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and pattern.search(p.read_text())
    ]
    assert offenders == []
    docs = (root.parent / "docs" / "audit.md").read_text()
    assert "180" in docs and "audit_verify" in docs


def test_audit_chain_canonical_form_ignores_how_the_database_gives_values_back():
    event = _events(1)[0]
    stored = AuditEvent.objects.values().get(pk=event.pk)
    assert canonical(stored) == canonical(
        {f: getattr(event, f) for f in stored if f != "id"} | {"user_id": None}
    )
    assert canonical({**stored, "ip": "2001:DB8::1"}) == canonical(
        {**stored, "ip": "2001:db8:0::1"}
    )
    assert canonical({**stored, "details": {"n": 1.0}}) == canonical(
        {**stored, "details": {"n": 1}}
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite refusal")
def test_audit_harden_refuses_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("audit_harden", owner="jx_owner", app_role="jx_app")
