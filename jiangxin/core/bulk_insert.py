"""Inserting many rows of one model without building a model instance per row: COPY on
PostgreSQL (psycopg 3), one prepared INSERT through executemany elsewhere (SQLite).

    insert = RowInsert(Worker)           # the columns: every concrete field but the pk
    row = insert.row({"name": …, …})     # a tuple in column order, defaults filled in
    insert.write(rows)                   # inside the caller's transaction

Values must already be what the database stores (validated by the caller); dates and
datetimes are adapted per backend by `row`. The rows get no pk back."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connections, models, router
from django.utils import timezone


class RowInsert:
    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
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
