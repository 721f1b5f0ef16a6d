"""The database itself refuses to change audit rows: triggers on SQLite and PostgreSQL.

UPDATE is refused everywhere. DELETE is refused too, except on SQLite where Django's test
flush must empty the table (the application-level guard still refuses it there)."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION jx_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER jx_audit_no_update BEFORE UPDATE ON core_auditevent
  FOR EACH ROW EXECUTE FUNCTION jx_audit_append_only();
CREATE TRIGGER jx_audit_no_delete BEFORE DELETE ON core_auditevent
  FOR EACH ROW EXECUTE FUNCTION jx_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS jx_audit_no_update ON core_auditevent;
DROP TRIGGER IF EXISTS jx_audit_no_delete ON core_auditevent;
DROP FUNCTION IF EXISTS jx_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER jx_audit_no_update BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS jx_audit_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
