"""`manage.py audit_harden --owner ROLE --app-role ROLE` (PostgreSQL): the audit table, its
sequence and its trigger function belong to OWNER; APP (the role the application connects
as) may only SELECT and INSERT it. Only the owner may TRUNCATE, UPDATE, DELETE, ALTER or
DROP the table or its triggers, so the application's credentials cannot erase the audit.

Run it once after `migrate`, connected as a role that may hand the table to OWNER (a
superuser, or a member of OWNER), and run later migrations as OWNER. See docs/audit.md."""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

TABLE = "core_auditevent"
FUNCTION = "jx_audit_append_only()"


ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def audit_harden(cursor, *, owner: str, app_role: str) -> None:
    """The ownership and privilege statements, in the caller's transaction."""
    for role in (owner, app_role):
        if not ROLE_NAME.match(role):
            raise CommandError(f"{role!r} is not a plain role name (letters, digits, _).")
    o, a = f'"{owner}"', f'"{app_role}"'
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
    (sequence,) = cursor.fetchone()  # already quoted by PostgreSQL
    cursor.execute("SELECT quote_ident(current_schema())")
    (schema,) = cursor.fetchone()
    statements = [
        # the new owner needs CREATE on the schema to own a table in it (PostgreSQL >= 15)
        f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {o}",
        # also hands over the table's identity sequence
        f"ALTER TABLE {TABLE} OWNER TO {o}",
        f"ALTER FUNCTION {FUNCTION} OWNER TO {o}",
        f"REVOKE ALL ON TABLE {TABLE} FROM PUBLIC, {a}",
        f"GRANT SELECT, INSERT ON TABLE {TABLE} TO {a}",
    ]
    if sequence:
        statements += [
            f"REVOKE ALL ON SEQUENCE {sequence} FROM PUBLIC, {a}",
            f"GRANT USAGE ON SEQUENCE {sequence} TO {a}",
        ]
    for statement in statements:
        cursor.execute(statement)


class Command(BaseCommand):
    help = "PostgreSQL: give the audit table to OWNER; APP may only SELECT and INSERT it."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="role that owns the audit table")
        parser.add_argument("--app-role", required=True, help="role the application connects as")
        parser.add_argument("--database", default="default")

    def handle(self, *args, owner: str, app_role: str, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("audit_harden is for PostgreSQL (SQLite has no roles).")
        if owner == app_role:
            raise CommandError("The owner and the application role must differ.")
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for role in (owner, app_role):
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
                found = cursor.fetchone()
                if found is None:
                    raise CommandError(f"There is no role {role!r}: create it first.")
                if role == app_role and found[0]:
                    raise CommandError(f"{role!r} is a superuser: it could do anything.")
            cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", [app_role, owner])
            if cursor.fetchone()[0]:
                raise CommandError(f"{app_role!r} is a member of {owner!r}: revoke that first.")
            audit_harden(cursor, owner=owner, app_role=app_role)
        self.stdout.write(f"audit table owned by {owner}; {app_role} may only SELECT and INSERT it")
