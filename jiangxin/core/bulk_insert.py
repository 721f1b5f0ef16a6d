"""Inserting many rows of one model without building a model instance per row: COPY on
PostgreSQL (psycopg 3), one prepared INSERT through executemany elsewhere (SQLite).

    insert = RowInsert(Worker)           # the columns: every concrete field but the pk
    row = insert.row({"name": …, …})     # a tuple in column order, defaults filled in
    insert.write(rows)                   # inside the caller's transaction

or, for an import that validates first and writes later in one short transaction:

    insert.stage(rows)                   # outside any transaction, batch after batch
    insert.flush()                       # inside it: everything staged, in one go
    insert.discard()                     # (always) what is left of the staging

Staging keeps the rows out of the database's write lock: on SQLite they go into a TEMP
table of this connection (held in memory; writing it takes no lock on the main
database), and the flush is one INSERT … SELECT in SQLite's own code, sorted by
`order_by` so the unique index is filled in order. On PostgreSQL they are kept as
tuples and the flush is one COPY (concurrent writers are not blocked by it anyway).

On SQLite a large flush still holds the write lock for seconds (120,000 workers: 1.5–3 s
of index upkeep), and every form POST waits behind it. So for a scope-keyed model
(core/scope_keys.py) `commit_pending()`, called outside any transaction before the
flush, reserves a block of ids (a `PendingRows` row and the table's AUTOINCREMENT
sequence moved past it) and writes the staged rows with those ids in committed chunks
(at most JX_IMPORT_CHUNK_ROWS, each sized to hold the lock about JX_IMPORT_CHUNK_HOLD_S),
pausing JX_IMPORT_CHUNK_PAUSE_S between chunks so waiting writers get the lock. No
scoped read sees a row whose id lies in a pending block (`pending_q`, added by
`scoped()` on SQLite). The flush then only deletes the block, in the caller's
transaction with the import's audit row: the file appears at once or not at all.
`discard()` deletes the rows of a block never made visible (a refused or failed write);
a block left by a process that died is deleted with its rows by the next RowInsert of
the model.

Values must already be what the database stores (validated by the caller); dates and
datetimes are adapted per backend by `row`. The rows get no pk back."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models_pending import PendingRows
from .scope_keys import ScopeKeyed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RowInsert:
    def __init__(self, model: type[models.Model], *, order_by: str | None = None) -> None:
        self.model = model
        self._staged: list[tuple] = []
        self._staged_count = 0
        self._temp: str | None = None
        self._block = None  # the PendingRows block written by commit_pending
        self.connection = connections[router.db_for_write(model)]
        self.chunked = self.connection.vendor == "sqlite" and issubclass(model, ScopeKeyed)
        if self.chunked:
            pending_cleanup(model, self.connection)
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.names = [f.attname for f in fields]
        now = timezone.now()
        self.defaults: dict[str, Any] = {}
        self._dates: list[int] = []  # positions of date fields (adapted per backend)
        ops = self.connection.ops
        for i, f in enumerate(fields):
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                self.defaults[f.attname] = f.get_db_prep_save(now, self.connection)
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            else:
                self.defaults[f.attname] = ""
            if type(f) is models.DateField:
                self._dates.append(i)
        self._adapt_date = (
            None if self.connection.vendor == "postgresql" else ops.adapt_datefield_value
        )
        self.columns_sql = ", ".join(ops.quote_name(f.column) for f in fields)
        self.table_sql = ops.quote_name(model._meta.db_table)
        self._order = self.names.index(order_by) if order_by else None
        self._order_sql = (
            ops.quote_name(model._meta.get_field(order_by).column) if order_by else None
        )

    def row(self, values: dict[str, Any]) -> tuple:
        """The values of one new row as the tuple `write` takes (missing fields: their
        default; auto_now fields: now)."""
        defaults = self.defaults
        out = [values[n] if n in values else defaults[n] for n in self.names]
        adapt = self._adapt_date
        if adapt is not None:
            for i in self._dates:
                value = out[i]
                if isinstance(value, datetime.date):
                    out[i] = adapt(value)
        return tuple(out)

    def write(self, rows: Iterable[tuple]) -> int:
        """INSERT the rows (tuples from `row`) in the caller's transaction; how many."""
        count = 0

        def counted():
            nonlocal count
            for row in rows:
                count += 1
                yield row

        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                sql = f"COPY {self.table_sql} ({self.columns_sql}) FROM STDIN"
                # the raw psycopg cursor: its errors become Django's (IntegrityError …)
                with self.connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                    for row in counted():
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(self.names))
                sql = f"INSERT INTO {self.table_sql} ({self.columns_sql}) VALUES ({placeholders})"  # noqa: S608
                cursor.executemany(sql, counted())  # (quoted names from the model, values bound)
        return count

    def stage(self, rows: list[tuple]) -> int:
        """Keep rows for `flush`, outside the write lock; how many."""
        if self.connection.vendor != "sqlite":
            self._staged += rows
        else:
            with self.connection.cursor() as cursor:
                if self._temp is None:
                    self._temp = self.connection.ops.quote_name(
                        f"jx_stage_{self.model._meta.db_table}"
                    )
                    if not self.connection.in_atomic_block:  # (a pragma refused inside one)
                        cursor.execute("PRAGMA temp_store = MEMORY")  # never on disk
                    cursor.execute(f"DROP TABLE IF EXISTS temp.{self._temp}")
                    cursor.execute(
                        f"CREATE TEMP TABLE {self._temp} AS "  # noqa: S608 (quoted model names)
                        f"SELECT {self.columns_sql} FROM main.{self.table_sql} WHERE 0"
                    )
                marks = ", ".join(["%s"] * len(self.names))
                cursor.executemany(
                    f"INSERT INTO temp.{self._temp} VALUES ({marks})",  # noqa: S608
                    rows,
                )
        self._staged_count += len(rows)
        return len(rows)

    def flush(self) -> int:
        """Write everything staged (in the caller's transaction); how many rows."""
        count, self._staged_count = self._staged_count, 0
        if self._block is not None:  # written already: show them
            PendingRows.objects.filter(pk=self._block.pk).delete()
            self._block = None
            return count
        if not count:
            return 0
        if self._temp is None:
            rows, self._staged = self._staged, []
            if self._order is not None:
                rows.sort(key=lambda r: r[self._order])
            self.write(rows)
            return count
        order = f" ORDER BY {self._order_sql}" if self._order_sql else ""
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO main.{self.table_sql} ({self.columns_sql}) "  # noqa: S608
                f"SELECT {self.columns_sql} FROM temp.{self._temp}{order}"
            )
        return count

    def commit_pending(self) -> None:
        """(SQLite, a scope-keyed model, outside a transaction, more rows staged than
        one chunk) Write the staged rows into a pending block of ids, a committed chunk
        at a time; `flush` then makes them visible by deleting the block. Otherwise
        nothing: `flush` writes them all in the caller's transaction."""
        size = settings.JX_IMPORT_CHUNK_ROWS
        count = self._staged_count
        if not (
            self.chunked
            and self._temp is not None
            and self._block is None
            and count > size
            and not self.connection.in_atomic_block
        ):
            return
        pause = settings.JX_IMPORT_CHUNK_PAUSE_S
        hold = settings.JX_IMPORT_CHUNK_HOLD_S
        ordered = self.connection.ops.quote_name(f"{self._temp[1:-1]}_ordered")
        order = f" ORDER BY {self._order_sql}" if self._order_sql else ""
        pk = self.connection.ops.quote_name(self.model._meta.pk.column)
        table = self.model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{ordered}")
            cursor.execute(  # rowid 1..n in the order the rows are written
                f"CREATE TEMP TABLE {ordered} AS SELECT {self.columns_sql} "  # noqa: S608
                f"FROM temp.{self._temp}{order}"
            )
        try:
            with transaction.atomic(using=self.connection.alias):
                self._block = _reserve(self.connection, table, pk, count)
            lo, start, chunk = self._block.lo, 1, min(size, 2_000)
            while start <= count:
                began = time.perf_counter()
                atomic = transaction.atomic(using=self.connection.alias)
                with atomic, self.connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO main.{self.table_sql} ({pk}, {self.columns_sql}) "  # noqa: S608
                        f"SELECT rowid + %s, {self.columns_sql} FROM temp.{ordered} "
                        f"WHERE rowid BETWEEN %s AND %s ORDER BY rowid",
                        [lo - 1, start, start + chunk - 1],
                    )
                start += chunk
                # the next chunk sized to hold the lock about `hold` seconds at the
                # speed just seen (a loaded machine writes smaller chunks)
                took = max(time.perf_counter() - began, 1e-4)
                chunk = max(min(int(chunk * hold / took), size), 100)
                if pause:
                    time.sleep(pause)  # a waiting writer takes the lock now
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{ordered}")

    def discard(self) -> None:
        """Drop what is staged (after the write, or when the file was refused)."""
        if self._block is not None:  # written but never made visible: delete
            with transaction.atomic(using=self.connection.alias):
                _delete_block(self.connection, self.model, self._block)
            self._block = None
        self._staged, self._staged_count = [], 0
        if self._temp is not None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{self._temp}")
            self._temp = None


def _reserve(connection, table: str, pk: str, count: int):
    """A block of `count` ids past every id the table has had, and the table's
    AUTOINCREMENT sequence moved past the block (new rows of others come after it)."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        cursor.execute(f"SELECT max({pk}) FROM {quoted}")  # noqa: S608
        top = cursor.fetchone()[0]
        lo = max(seq[0] if seq else 0, top or 0) + 1
        hi = lo + count - 1
        if seq:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [hi, table])
        else:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, hi])
    return PendingRows.objects.create(table=table, lo=lo, hi=hi, pid=os.getpid())


def _delete_block(connection, model, block) -> None:
    quoted = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quoted} WHERE {pk} BETWEEN %s AND %s",  # noqa: S608
            [block.lo, block.hi],
        )
    PendingRows.objects.filter(pk=block.pk).delete()


def pending_q(model, prefix: str = "") -> Q:
    """Rows of the scope-keyed `model` (through `prefix`) outside every pending block:
    `scoped()` adds it on SQLite. A correlated NOT EXISTS on the tiny block table,
    which is empty but while a large import writes."""
    blocks = PendingRows.objects.filter(
        table=model._meta.db_table, lo__lte=OuterRef(f"{prefix}pk"), hi__gte=OuterRef(f"{prefix}pk")
    )
    return ~Exists(blocks)


def pending_cleanup(model, connection=None) -> int:
    """Delete the pending blocks of `model` (and their rows) that a dead process left
    (SQLite); how many blocks."""
    connection = connection or connections[router.db_for_write(model)]
    if connection.vendor != "sqlite":
        return 0
    dead = [
        block
        for block in PendingRows.objects.filter(table=model._meta.db_table)
        if not _pid_alive(block.pid)
    ]
    for block in dead:
        with transaction.atomic(using=connection.alias):
            _delete_block(connection, model, block)
    return len(dead)
