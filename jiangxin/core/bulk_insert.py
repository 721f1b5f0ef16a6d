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

Values must already be what the database stores (validated by the caller); dates and
datetimes are adapted per backend by `row`. The rows get no pk back."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connections, models, router
from django.utils import timezone


class RowInsert:
    def __init__(self, model: type[models.Model], *, order_by: str | None = None) -> None:
        self.model = model
        self._staged: list[tuple] = []
        self._staged_count = 0
        self._temp: str | None = None
        self.connection = connections[router.db_for_write(model)]
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

    def discard(self) -> None:
        """Drop what is staged (after the write, or when the file was refused)."""
        self._staged, self._staged_count = [], 0
        if self._temp is not None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{self._temp}")
            self._temp = None
