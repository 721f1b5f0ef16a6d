"""Scope keys: the owning org's path copied onto big org-owned tables, so a scoped list's
cost follows the page, not the table.

A scoped read filters on the owner's path through a join (`employer__path__startswith`),
and lists are newest first: `ORDER BY id DESC LIMIT 51` then checks row after row of the
whole table until 51 fall in the scope — for a county user on 2M workers, 65–186 ms a page
and a plan that flips between counties. With the keys on the row, the scope is an equality
on one column (the ancestor at the scope org's depth) and a composite index
`(scope_dN, id)` serves the filter and the order together: the page is read in order
from the index and stops after 51 rows, whatever the depth.

The columns (`ScopeKeyed`): `scope_path`, the owner org's path, and `scope_d1..d3`, its
ancestors at depths 1–3 (province, city / industry union, county / industry enterprise).
An org at depth ≥ 4 (an enterprise under a county, a branch) scopes by the range of
`scope_path` (index `(scope_path, id)`): its rows are few.

The database keeps the keys true, not the application: triggers (SQLite and PostgreSQL)
set them on every insert and on every update that names the owner column or a key, and
rewrite them when an org's path changes (a move). No write path can forget them —
bulk_create, COPY and raw SQL included — and none can set them to anything but the
owner's path: an UPDATE of a key column is recomputed from the owner. So `scoped()`
filters by the key alone. `scope_keys_stale()` counts rows whose keys disagree with their
owner (tests hold it at 0 after every write path and after a move; `manage.py
scope_keys_verify` checks a live database, e.g. after a restore with triggers off)."""

# ruff: noqa: S608 - the SQL below is built from table and column names that migrations
# pass in (checked against IDENTIFIER), never from input.
from __future__ import annotations

import re

from django.db import models
from django.db.migrations.operations.base import Operation
from django.db.models import Q

STEP = 4  # orgs.paths.STEPLEN (core imports no app; orgs' tests check the two agree)
KEY_DEPTHS = (1, 2, 3)
PATH_MAX = 255


class ScopeKeyed(models.Model):
    """Abstract: a model owned by an org through the FK named by `scope_owner`."""

    scope_owner: str = ""

    scope_path = models.CharField(max_length=PATH_MAX, default="", db_default="", editable=False)
    scope_d1 = models.CharField(max_length=STEP, default="", db_default="", editable=False)
    scope_d2 = models.CharField(max_length=2 * STEP, default="", db_default="", editable=False)
    scope_d3 = models.CharField(max_length=3 * STEP, default="", db_default="", editable=False)

    class Meta:
        abstract = True


def scope_key_indexes(prefix: str) -> list[models.Index]:
    """The composite indexes that match the lists' keyset order (newest first)."""
    return [
        models.Index(fields=[f"scope_d{d}", "id"], name=f"{prefix}_scope_d{d}_idx")
        for d in KEY_DEPTHS
    ] + [models.Index(fields=["scope_path", "id"], name=f"{prefix}_scope_path_idx")]


def key_prefix(model, org_field: str | None) -> str | None:
    """The lookup prefix to the scope keys that mirror `org_field` ("" on the model
    itself, "worker__" for an honour scoped by "worker__employer"), or None."""
    found = keyed_model(model, org_field)
    return None if found is None else found[0]


def keyed_model(model, org_field: str | None):
    """(prefix, the scope-keyed model it leads to) for `org_field`, or None."""
    if not org_field or not isinstance(model, type):
        return None
    *hops, owner = org_field.split("__")
    for hop in hops:
        try:
            model = model._meta.get_field(hop).related_model
        except Exception:  # noqa: BLE001 - not a relation: no keys to follow
            return None
        if model is None:
            return None
    if issubclass(model, ScopeKeyed) and model.scope_owner == owner:
        return "".join(f"{hop}__" for hop in hops), model
    return None


def keyed_by(model, org_field: str | None) -> bool:
    """Whether scope keys mirror `org_field` on `model` or a model it points to."""
    return key_prefix(model, org_field) is not None


def key_q(path: str, prefix: str = "") -> Q:
    """Rows whose owner lies under the org at `path`, by the keys alone (`prefix`: the
    relation to the keyed model, see key_prefix)."""
    depth = len(path) // STEP
    if depth in KEY_DEPTHS:
        return Q(**{f"{prefix}scope_d{depth}": path})
    # The range, not LIKE: SQLite's LIKE is case-insensitive and cannot use the index.
    return Q(**{f"{prefix}scope_path__gte": path, f"{prefix}scope_path__lt": path + "~"})


def scope_keys_stale(model) -> int:
    """How many rows of `model` carry keys that disagree with their owner's path."""
    owner = model.scope_owner
    path = models.F(f"{owner}__path")
    qs = model.objects.unscoped("a consistency check over the whole table")
    wrong = ~Q(scope_path=path)
    for d in KEY_DEPTHS:
        wrong |= ~Q(**{f"scope_d{d}": models.functions.Substr(path, 1, STEP * d)})
    return qs.filter(wrong).count()


# --- the triggers ------------------------------------------------------------------------


def _sets(source: str) -> list[tuple[str, str]]:
    """(column, SQL expression) pairs computing every key from a path expression."""
    return [("scope_path", source)] + [
        (f"scope_d{d}", f"substr({source}, 1, {STEP * d})") for d in KEY_DEPTHS
    ]


def _columns() -> str:
    return ", ".join(c for c, _ in _sets("x"))


IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def triggers_sql(vendor: str, table: str, owner_col: str) -> tuple[list[str], list[str]]:
    """(forward, backward) statements installing the key triggers of `table`."""
    if not (IDENTIFIER.match(table) and IDENTIFIER.match(owner_col)):
        raise ValueError(f"not an SQL identifier: {table!r}, {owner_col!r}")
    name = f"jx_sk_{table}"
    row_path = f"(SELECT path FROM orgs_org WHERE id = NEW.{owner_col})"
    backfill = f"UPDATE {table} SET " + ", ".join(
        f"{c} = {e}"
        for c, e in _sets(f"(SELECT path FROM orgs_org WHERE orgs_org.id = {table}.{owner_col})")
    )
    if vendor == "postgresql":
        assign = "\n".join(f"  NEW.{c} := {e};" for c, e in _sets("p"))
        forward = [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE p text;
BEGIN
  SELECT path INTO p FROM orgs_org WHERE id = NEW.{owner_col};
{assign}
  RETURN NEW;
END; $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {owner_col}, {_columns()}
  ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()""",
            f"""CREATE OR REPLACE FUNCTION {name}_org() RETURNS trigger AS $$
BEGIN
  UPDATE {table} SET {", ".join(f"{c} = {e}" for c, e in _sets("NEW.path"))}
   WHERE {owner_col} = NEW.id;
  RETURN NULL;
END; $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {name}_org AFTER UPDATE OF path ON orgs_org
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION {name}_org()""",
            backfill,
        ]
        backward = [
            f"DROP TRIGGER IF EXISTS {name}_org ON orgs_org",
            f"DROP FUNCTION IF EXISTS {name}_org()",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        ]
        return forward, backward
    if vendor == "sqlite":
        # SQLite cannot assign NEW in a BEFORE trigger: the row is updated right after.
        # (Recursive triggers are off, so the inner UPDATE does not fire them again.)
        # A row that already carries the right keys (a bulk import fills them) is not
        # updated again: the WHEN costs one lookup by primary key, the UPDATE a write.
        # The WHEN looks the owner's path up once: the depth keys are checked against
        # the row's own scope_path, which must equal it.
        set_row = ", ".join(f"{c} = {e}" for c, e in _sets(row_path))
        wrong = " OR ".join(
            [f"NEW.scope_path IS NOT {row_path}"]
            + [f"NEW.{c} IS NOT {e}" for c, e in _sets("NEW.scope_path")[1:]]
        )
        forward = [
            f"""CREATE TRIGGER {name}_ins AFTER INSERT ON {table} WHEN {wrong}
BEGIN UPDATE {table} SET {set_row} WHERE id = NEW.id; END""",
            f"""CREATE TRIGGER {name}_upd AFTER UPDATE OF {owner_col}, {_columns()} ON {table}
  WHEN {wrong}
BEGIN UPDATE {table} SET {set_row} WHERE id = NEW.id; END""",
            f"""CREATE TRIGGER {name}_org AFTER UPDATE OF path ON orgs_org
  WHEN OLD.path IS NOT NEW.path
BEGIN UPDATE {table} SET {", ".join(f"{c} = {e}" for c, e in _sets("NEW.path"))}
  WHERE {owner_col} = NEW.id; END""",
            backfill,
        ]
        backward = [f"DROP TRIGGER IF EXISTS {name}_{s}" for s in ("ins", "upd", "org")]
        return forward, backward
    raise NotImplementedError(f"scope-key triggers for {vendor}")


class ScopeKeyTriggers(Operation):
    """Migration operation: install the key triggers on `table` (owner FK column
    `owner_col`) and fill the keys of the rows already there."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, owner_col: str):
        self.table, self.owner_col = table, owner_col

    def state_forwards(self, app_label, state):
        pass

    def _run(self, schema_editor, which: int):
        for sql in triggers_sql(schema_editor.connection.vendor, self.table, self.owner_col)[which]:
            schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, 0)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, 1)

    def describe(self):
        return f"Scope-key triggers on {self.table}"

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.table, self.owner_col], {})


class ScopeKeyRowTriggers(ScopeKeyTriggers):
    """Migration operation: install the current row triggers of `table` again (on
    SQLite, where their WHEN now looks the owner up once instead of four times; nothing
    on PostgreSQL). No backfill: the keys of the rows there are right."""

    def _run(self, schema_editor, which: int):
        if schema_editor.connection.vendor != "sqlite":
            return
        name = f"jx_sk_{self.table}"
        for trigger in ("ins", "upd"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{trigger}", params=None)
        forward = triggers_sql("sqlite", self.table, self.owner_col)[0]
        for sql in forward[:2]:  # the insert and update triggers (the org one is unchanged)
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # the new triggers do what the old ones did

    def describe(self):
        return f"Scope-key row triggers on {self.table} (again)"
