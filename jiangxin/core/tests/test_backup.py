"""`manage.py backup` / `manage.py restore`: an encrypted copy of the whole database that
restores into an empty database with every row and a valid audit chain, and is refused
with a clear message under a wrong key or after any change to the file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from jiangxin.core.backup import CHUNK, BackupError, decrypt_stream, encrypt_stream

KEY = "test-backup-key-0123456789"

# --- the file format: refused under a wrong key or any change ------------------------------


def _sealed(data: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, key=key, header={"vendor": "sqlite"})
    return out.getvalue()


def _open(blob: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(blob), out, key=key)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 10, CHUNK, CHUNK * 2 + 5])
def test_backup_stream_round_trips(size):
    data = os.urandom(size)
    blob = _sealed(data)
    assert data[:64] not in blob or size == 0
    assert _open(blob) == data


def test_backup_stream_refuses_a_wrong_key():
    with pytest.raises(BackupError, match="JX_BACKUP_KEY is not the key"):
        _open(_sealed(b"x" * 100), key="another-key-0123456789")


def test_backup_stream_refuses_any_changed_byte():
    blob = _sealed(os.urandom(CHUNK + 100))
    for at in (12, len(blob) // 2, len(blob) - 1):  # header, first part, last part
        changed = bytearray(blob)
        changed[at] ^= 0x01
        with pytest.raises(BackupError, match="changed|damaged"):
            _open(bytes(changed))


def test_backup_stream_refuses_truncated_reordered_or_extended_files():
    blob = _sealed(os.urandom(CHUNK * 2 + 10))
    head_end = 14 + int.from_bytes(blob[10:14], "big")  # magic, length, header
    first_len = int.from_bytes(blob[head_end : head_end + 4], "big")
    first = blob[head_end : head_end + 4 + first_len]
    rest = blob[head_end + 4 + first_len :]
    with pytest.raises(BackupError, match="truncated"):
        _open(blob[: head_end + len(first)])  # the last parts cut off
    with pytest.raises(BackupError, match="truncated|changed"):
        _open(blob[:-7])
    with pytest.raises(BackupError, match="changed"):
        _open(blob[:head_end] + rest[: len(first)] + first + rest[len(first) :])
    with pytest.raises(BackupError, match="after its end"):
        _open(blob + first)
    with pytest.raises(BackupError, match="not a jiangxin backup"):
        _open(b"SQLite format 3\x00" + blob)


# --- the commands, in this process ----------------------------------------------------------


@pytest.mark.django_db
def test_backup_command_needs_a_key(settings, tmp_path):
    settings.BACKUP_KEY = "short"
    with pytest.raises(CommandError, match="JX_BACKUP_KEY"):
        call_command("backup", str(tmp_path / "b.jxbak"))
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db(transaction=True)  # a backup runs outside any open transaction
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the in-process copy is SQLite's")
def test_restore_command_refuses_wrong_key_tampering_and_a_full_database(settings, tmp_path):
    settings.BACKUP_KEY = KEY
    path = tmp_path / "b.jxbak"
    call_command("backup", str(path), stdout=io.StringIO())
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    settings.BACKUP_KEY = "another-key-0123456789"
    with pytest.raises(CommandError, match="not the key it was made with"):
        call_command("restore", str(path))
    settings.BACKUP_KEY = KEY
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))  # the test database has its tables
    blob = bytearray(path.read_bytes())
    blob[-20] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(CommandError, match="changed"):
        call_command("restore", str(path), replace=True)
    assert [p.name for p in tmp_path.iterdir()] == ["b.jxbak"]  # no plaintext left behind


# --- end to end: back up a database, restore it into an empty one, in fresh processes ------

MAKE = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from jiangxin.core.audit import audit_record
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import build_world
w = build_world()
for i in range(30):
    make_worker(w.ent_a, i)
    audit_record(actor=w.admin_a, action="worker.register", obj=w.ent_a, details={{"i": i}})
call_command("backup", {path!r})
"""
LOAD = """
import django
django.setup()
from django.core.management import call_command
call_command("restore", {path!r})
call_command("audit_verify")
"""
DIGEST = """
import django, hashlib, json
django.setup()
from django.db import connection
out = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        if table.startswith(("django_migrations", "sqlite_")):
            continue
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(repr(r) for r in cursor.fetchall())
        out[table] = [len(rows), hashlib.sha256("\\n".join(rows).encode()).hexdigest()]
print("DIGEST=" + json.dumps(out))
"""


def _run(script: str, *, data_dir: Path, database_url: str = "") -> str:
    env = {
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings.test",
        "PYTHONPATH": str(settings.BASE_DIR),
        "JX_DATA_DIR": str(data_dir),
        "JX_BACKUP_KEY": KEY,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(  # noqa: S603 - our interpreter and script
        [sys.executable, "-c", script],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _digest(out: str) -> dict:
    return json.loads(out.split("DIGEST=", 1)[1])


def _pg_databases(names: list[str], *, drop: bool = False) -> list[str]:
    """Create (or drop) databases next to the test database; their URLs."""
    import psycopg

    s = connection.settings_dict
    url = f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            if not drop:
                admin.execute(f'CREATE DATABASE "{name}"')
    return [f"{url}/{name}" for name in names]


@pytest.mark.django_db
def test_backup_restores_into_an_empty_database_every_row_and_a_valid_chain(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    target.mkdir()
    backup = tmp_path / "jiangxin.jxbak"
    urls = ["", ""]
    names = []
    if connection.vendor == "postgresql":
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        names = [f"jx_backup_source_{worker}", f"jx_backup_target_{worker}"]
        urls = _pg_databases(names)
    try:
        made = _run(MAKE.format(path=str(backup)) + DIGEST, data_dir=source, database_url=urls[0])
        out = _run(LOAD.format(path=str(backup)) + DIGEST, data_dir=target, database_url=urls[1])
        before, after = _digest(made), _digest(out)
    finally:
        if names:
            _pg_databases(names, drop=True)
    assert "audit chain ok" in out
    assert before["core_auditevent"][0] >= 30 and before["people_worker"][0] >= 30
    restored = after.pop("core_auditevent")
    assert restored[0] == before.pop("core_auditevent")[0] + 1  # and the restore's own row
    assert after == before  # every other table, every row
