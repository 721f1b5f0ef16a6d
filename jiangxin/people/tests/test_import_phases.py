"""An import validates without holding the write lock, then writes in one short step
(issue 12, item 3). A second database connection writes while the file is validated —
driven from hooks inside and after the validation phase, never by sleeping:

- on SQLite it takes the write lock at once (`BEGIN IMMEDIATE` with no busy timeout);
- on PostgreSQL its insert is not blocked (a short `lock_timeout` would fail it).

When what it wrote makes a row of the file invalid (the same ID number), the whole file
is refused with that row annotated, nothing of it saved, one audit event."""

import sqlite3

import pytest
from django.db import connection

from jiangxin.core.bulk_insert import RowInsert
from jiangxin.core.imports import import_run
from jiangxin.core.models import AuditEvent
from jiangxin.core.scope_keys import scope_keys_stale
from jiangxin.people.imports import WorkerImport
from jiangxin.people.models import Worker
from jiangxin.people.services import worker_id_fields
from jiangxin.people.tests.test_people_imports import W_HEADERS, worker_rows, xlsx
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db(transaction=True)  # the import runs outside a transaction


class Other:
    """A second connection to the test database that must never wait for the import."""

    def __init__(self):
        if connection.vendor == "sqlite":
            name = connection.settings_dict["NAME"]
            if connection.creation.is_in_memory_db(name):
                name = connection.creation._get_test_db_name()
            self.raw = sqlite3.connect(name, uri=True, timeout=0, isolation_level=None)
            self.mark = "?"
        else:
            self.raw = connection.get_new_connection(connection.get_connection_params())
            self.raw.autocommit = True
            self.mark = "%s"
        self.writes = []

    def write(self, sql_fn):
        """Run `sql_fn(cursor)` in a write transaction taken at once, then commit."""
        cur = self.raw.cursor()
        if connection.vendor == "sqlite":
            cur.execute("BEGIN IMMEDIATE")  # fails at once ("locked") if the import holds it
        else:
            cur.execute("BEGIN")
            cur.execute("SET LOCAL lock_timeout = '200ms'")  # fails if the insert would wait
        sql_fn(cur)
        cur.execute("COMMIT")
        self.writes.append(True)

    def rename(self, worker, name):
        self.write(
            lambda cur: cur.execute(
                f"UPDATE people_worker SET name = {self.mark} WHERE id = {self.mark}",
                [name, worker.pk],
            )
        )

    def register(self, rid, name, employer):
        insert = RowInsert(Worker)
        row = insert.row({**worker_id_fields(rid), "name": name, "employer_id": employer.pk})
        marks = ", ".join([self.mark] * len(row))
        self.write(
            lambda cur: cur.execute(
                f"INSERT INTO {insert.table_sql} ({insert.columns_sql}) VALUES ({marks})", row
            )
        )

    def close(self):
        self.raw.close()


@pytest.fixture
def other():
    conn = Other()
    yield conn
    conn.close()


def _in_last_batch(monkeypatch, action):
    """Call `action()` while the last batch of the file is being validated."""
    prepare = WorkerImport.prepare
    batches = []

    def spy(self, actor, rows, state):
        batches.append(len(rows))
        if len(batches) == 3:
            action()
        return prepare(self, actor, rows, state)

    monkeypatch.setattr(WorkerImport, "batch_size", 2)
    monkeypatch.setattr(WorkerImport, "prepare", spy)


def test_import_validation_lets_another_connection_write(world, other, monkeypatch):
    kept = make_worker(world.ent_b, 900, name="老职工")
    _in_last_batch(monkeypatch, lambda: other.rename(kept, "改名一"))
    result = import_run(
        actor=world.admin_a,
        spec=WorkerImport(),
        data=xlsx(W_HEADERS, worker_rows(world, 6)),
        filename="w.xlsx",
        on_phase=lambda phase: other.rename(kept, "改名二"),
    )
    assert result.ok and result.created == 6, result.errors
    assert len(other.writes) == 2  # both writes went through at once
    kept.refresh_from_db()
    assert kept.name == "改名二"
    assert Worker.objects.filter(name__startswith="职工").count() == 6
    assert scope_keys_stale(Worker) == 0  # the staged rows carry their employer's keys
    imported = Worker.objects.unscoped("test").filter(name__startswith="职工").first()
    assert imported.scope_path == world.ent_a.path


def test_import_row_taken_meanwhile_refuses_the_whole_file(world, other, monkeypatch):
    """Another connection registers the ID number of the file's first row while the last
    batch is validated: the write fails on the unique index, the file is validated
    again and refused with that row annotated; nothing of it is saved."""
    audits = AuditEvent.objects.filter(action="import.people.workers")
    before = audits.count()
    _in_last_batch(monkeypatch, lambda: other.register(resident_id(0), "抢先登记", world.ent_a))
    result = import_run(
        actor=world.admin_a,
        spec=WorkerImport(),
        data=xlsx(W_HEADERS, worker_rows(world, 6)),
        filename="w.xlsx",
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, "resident_id")]
    assert "already registered" in result.errors[0].message or "已" in result.errors[0].message
    assert result.annotated and result.annotated.startswith(b"PK")
    assert list(Worker.objects.values_list("name", flat=True)) == ["抢先登记"]
    assert audits.count() == before + 1
    assert audits.latest("id").result == AuditEvent.Result.FAILURE


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="chunked pending writes are SQLite's (PostgreSQL: COPY)"
)


@pytest.fixture
def chunks(settings):
    settings.JX_IMPORT_CHUNK_ROWS = 2
    settings.JX_IMPORT_CHUNK_PAUSE_S = 0


def _pending_rows() -> int:
    """Workers in a pending block (written by an import, not yet visible)."""
    from jiangxin.core.models import PendingRows

    return sum(
        Worker.objects.unscoped("test").filter(pk__range=(b.lo, b.hi)).count()
        for b in PendingRows.objects.filter(table="people_worker")
    )


@sqlite_only
def test_import_large_file_commits_invisible_chunks_then_shows_them(
    world, other, monkeypatch, chunks
):
    """(issue 12 item 3) The rows are committed in chunks before the write's transaction:
    another connection takes the write lock at once after them, and no scoped read sees
    them until the block is deleted; then all six appear, with their keys. A worker
    registered meanwhile by the other connection gets an id after the block."""
    from jiangxin.core.access import scoped

    kept = make_worker(world.ent_b, 900, name="老职工")
    seen = {}
    prewrite = WorkerImport.prewrite

    def spy(self, actor, rows, ctx):
        prewrite(self, actor, rows, ctx)
        other.rename(kept, "改名")  # the lock is free after the chunks
        other.register(resident_id(500), "同时登记", world.ent_a)
        seen["pending"] = _pending_rows()
        seen["scoped"] = {
            who: scoped(Worker.objects.all(), user, "employer")
            .filter(name__startswith="职工")
            .count()
            for who, user in (("admin", world.admin_a), ("root", world.province_admin))
        }
        seen["stale"] = scope_keys_stale(Worker)

    monkeypatch.setattr(WorkerImport, "prewrite", spy)
    result = import_run(
        actor=world.admin_a,
        spec=WorkerImport(),
        data=xlsx(W_HEADERS, worker_rows(world, 6)),
        filename="w.xlsx",
    )
    assert result.ok and result.created == 6, result.errors
    assert seen == {"pending": 6, "scoped": {"admin": 0, "root": 0}, "stale": 0}
    assert other.writes == [True, True]
    assert _pending_rows() == 0
    mine = scoped(Worker.objects.all(), world.admin_a, "employer")
    assert mine.filter(name__startswith="职工").count() == 6
    imported = set(mine.filter(name__startswith="职工").values_list("pk", flat=True))
    assert mine.get(name="同时登记").pk > max(imported)
    assert scope_keys_stale(Worker) == 0


@sqlite_only
def test_import_failing_after_its_chunks_leaves_nothing(world, monkeypatch, chunks):
    from jiangxin.core.models import PendingRows

    def boom(self, *args, **kwargs):
        raise RuntimeError("the write failed")

    monkeypatch.setattr(WorkerImport, "write", boom)
    before = Worker.objects.unscoped("test").count()
    with pytest.raises(RuntimeError):
        import_run(
            actor=world.admin_a,
            spec=WorkerImport(),
            data=xlsx(W_HEADERS, worker_rows(world, 5)),
            filename="w.xlsx",
        )
    assert Worker.objects.unscoped("test").count() == before
    assert not PendingRows.objects.exists()


@sqlite_only
def test_pending_block_of_a_dead_process_is_deleted_by_the_next_insert(world):
    import os
    import subprocess
    import sys

    from jiangxin.core.models import PendingRows

    gone = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = make_worker(world.ent_a, 1, name="甲")
    alive = make_worker(world.ent_a, 2, name="乙")
    PendingRows.objects.create(table="people_worker", lo=dead.pk, hi=dead.pk, pid=int(gone.stdout))
    PendingRows.objects.create(table="people_worker", lo=alive.pk, hi=alive.pk, pid=os.getpid())
    RowInsert(Worker)
    left = Worker.objects.unscoped("test").filter(name__in=["甲", "乙"])
    assert list(left.values_list("name", flat=True)) == ["乙"]  # a living process's are kept
    assert list(PendingRows.objects.values_list("pid", flat=True)) == [os.getpid()]


@sqlite_only
def test_import_in_chunks_with_a_row_taken_meanwhile_refuses_the_whole_file(
    world, other, monkeypatch, chunks
):
    """The same race as above when the file is written in pending chunks: the chunk
    with the taken ID number fails, the chunks before it are deleted, nothing is saved."""
    from jiangxin.core.models import PendingRows

    _in_last_batch(monkeypatch, lambda: other.register(resident_id(5), "抢先登记", world.ent_a))
    result = import_run(
        actor=world.admin_a,
        spec=WorkerImport(),
        data=xlsx(W_HEADERS, worker_rows(world, 6)),
        filename="w.xlsx",
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(7, "resident_id")]
    assert list(Worker.objects.unscoped("test").values_list("name", flat=True)) == ["抢先登记"]
    assert not PendingRows.objects.exists()
