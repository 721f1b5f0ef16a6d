"""Encrypted backups of the whole database (`manage.py backup` / `manage.py restore`).

SQLite is copied with its online backup API (a consistent snapshot while the site runs),
PostgreSQL with `pg_dump --format=custom` and loaded with `pg_restore --single-transaction`.
The dump is encrypted as it is written, in chunks of 1 MiB (memory stays flat however large
the database): AES-256-GCM with a key derived by scrypt from `JX_BACKUP_KEY` and a random
salt. Each chunk's nonce carries its number and whether it is the last, and every chunk
authenticates the file's header, so a wrong key, a changed byte, reordered, missing or
extra chunks and a truncated file are all refused before anything is restored.

File: b"JXBACKUP1\\n", header length (4 bytes), header (JSON), then per chunk its length
(4 bytes) and AES-GCM ciphertext with tag."""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.db import connections
from django.utils import timezone

MAGIC = b"JXBACKUP1\n"
CHUNK = 1 << 20
MIN_KEY_LENGTH = 16
SCRYPT = {"n": 2**15, "r": 8, "p": 1}


class BackupError(Exception):
    """A backup or restore refused, with the reason in words."""


def backup_key() -> str:
    key = getattr(settings, "BACKUP_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise BackupError(
            f"Set JX_BACKUP_KEY to a secret of at least {MIN_KEY_LENGTH} characters "
            "(keep it apart from the backups: without it they cannot be read)."
        )
    return key


def _derive(key: str, salt: bytes, kdf: dict) -> AESGCM:
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    if not (2**14 <= n <= 2**20 and 1 <= r <= 16 and 1 <= p <= 4):
        raise BackupError("The backup's key parameters are out of range: the file was changed.")
    return AESGCM(Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(key.encode()))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def encrypt_stream(src: BinaryIO, dst: BinaryIO, *, key: str, header: dict) -> int:
    """Encrypt `src` into `dst` chunk by chunk; returns the plaintext size."""
    salt, prefix = os.urandom(16), os.urandom(7)
    header = {
        **header,
        "cipher": "AES-256-GCM",
        "chunk": CHUNK,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
        "nonce_prefix": base64.b64encode(prefix).decode(),
    }
    head = json.dumps(header, sort_keys=True).encode()
    dst.write(MAGIC + len(head).to_bytes(4, "big") + head)
    aes = _derive(key, salt, header["kdf"])
    counter, size = 0, 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        last = not following
        sealed = aes.encrypt(_nonce(prefix, counter, last), chunk, head)
        dst.write(len(sealed).to_bytes(4, "big") + sealed)
        size += len(chunk)
        counter += 1
        if last:
            return size
        chunk = following


def read_header(src: BinaryIO) -> tuple[dict, bytes]:
    if src.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a jiangxin backup file.")
    length = int.from_bytes(src.read(4), "big")
    if not 0 < length <= 65536:
        raise BackupError("The backup's header is damaged: the file was changed.")
    head = src.read(length)
    try:
        return json.loads(head), head
    except ValueError as exc:
        raise BackupError("The backup's header is damaged: the file was changed.") from exc


def decrypt_stream(src: BinaryIO, dst: BinaryIO, *, key: str) -> dict:
    """Decrypt `src` into `dst`, checking every chunk; returns the header. Raises
    BackupError for a wrong key, a changed, truncated or extended file."""
    header, head = read_header(src)
    try:
        salt = base64.b64decode(header["kdf"]["salt"])
        prefix = base64.b64decode(header["nonce_prefix"])
        aes = _derive(key, salt, header["kdf"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError("The backup's header is damaged: the file was changed.") from exc
    counter, ended = 0, False
    while True:
        size = src.read(4)
        if not size:
            break
        if ended:
            raise BackupError("The backup has data after its end: the file was changed.")
        n = int.from_bytes(size, "big")
        sealed = src.read(n)
        if len(size) < 4 or n > CHUNK + 16 or len(sealed) != n:
            raise BackupError("The backup is truncated or damaged: the file was changed.")
        try:
            plain = aes.decrypt(_nonce(prefix, counter, False), sealed, head)
        except InvalidTag:
            try:
                plain = aes.decrypt(_nonce(prefix, counter, True), sealed, head)
                ended = True
            except InvalidTag as exc:
                if counter == 0:
                    raise BackupError(
                        "Cannot decrypt the backup: JX_BACKUP_KEY is not the key it was "
                        "made with, or the file was changed."
                    ) from exc
                raise BackupError(
                    f"The backup was changed (part {counter + 1} does not verify)."
                ) from exc
        dst.write(plain)
        counter += 1
    if not ended:
        raise BackupError("The backup is truncated: its last part is missing.")
    return header


# --- the database side ---------------------------------------------------------------------


@contextmanager
def _scratch(near: Path) -> Iterator[Path]:
    """A private temporary file (mode 0600) next to `near`, removed afterwards."""
    fd, name = tempfile.mkstemp(prefix=".jx-backup-", dir=near.parent)
    os.close(fd)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _audit_head(alias: str) -> dict | None:
    from .models import AuditEvent

    head = AuditEvent.objects.using(alias).order_by("-id").values("id", "row_hash").first()
    return {"id": head["id"], "hash": head["row_hash"]} if head else None


def _pg_env(conn) -> tuple[list[str], dict]:
    s = conn.settings_dict
    args = []
    for flag, value in (("-h", s.get("HOST")), ("-p", s.get("PORT")), ("-U", s.get("USER"))):
        if value:
            args += [flag, str(value)]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _pg_binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (the PostgreSQL client tools are needed).")
    return found


def backup_write(out: Path, *, alias: str = "default") -> dict:
    """Write an encrypted backup of database `alias` to `out`; returns its header."""
    key = backup_key()
    conn = connections[alias]
    _audit(alias, "backup.create", {"file": out.name})  # before the copy: it is in it
    header = {
        "app": "jiangxin",
        "vendor": conn.vendor,
        "created": timezone.now().isoformat(),
        "audit_head": _audit_head(alias),
    }
    out = out.resolve()
    partial = out.with_name(out.name + ".partial")
    try:
        with open(partial, "wb") as dst:
            os.chmod(partial, 0o600)
            if conn.vendor == "sqlite":
                with _scratch(out) as copy:
                    conn.ensure_connection()
                    target = sqlite3.connect(copy)
                    try:
                        conn.connection.backup(target)
                    finally:
                        target.close()
                    with open(copy, "rb") as src:
                        header["bytes"] = encrypt_stream(src, dst, key=key, header=header)
            elif conn.vendor == "postgresql":
                args, env = _pg_env(conn)
                cmd = [_pg_binary("pg_dump"), "--format=custom", *args, conn.settings_dict["NAME"]]
                with subprocess.Popen(  # noqa: S603 - our arguments, no shell
                    cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
                ) as proc:
                    header["bytes"] = encrypt_stream(proc.stdout, dst, key=key, header=header)
                    errors = proc.stderr.read().decode(errors="replace")
                if proc.returncode != 0:
                    raise BackupError(f"pg_dump failed: {errors.strip()}")
            else:
                raise BackupError(f"Backups of {conn.vendor} databases are not supported.")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return header


def _user_tables(conn) -> list[str]:
    with conn.cursor() as cursor:
        return conn.introspection.table_names(cursor)


def restore_read(src_path: Path, *, alias: str = "default", replace: bool = False) -> dict:
    """Check and decrypt `src_path` completely, then load it into database `alias` (which
    must be empty unless `replace`). Returns the backup's header."""
    key = backup_key()
    conn = connections[alias]
    src_path = src_path.resolve()
    if not src_path.is_file():
        raise BackupError(f"There is no file {src_path}.")
    with _scratch(src_path) as plain:
        with open(src_path, "rb") as src, open(plain, "wb") as dst:
            header = decrypt_stream(src, dst, key=key)
        if header.get("vendor") != conn.vendor:
            raise BackupError(
                f"This backup is of a {header.get('vendor')} database; the target is {conn.vendor}."
            )
        if _user_tables(conn) and not replace:
            raise BackupError(
                "The target database is not empty; restore into an empty database, or give "
                "--replace to overwrite it."
            )
        if conn.vendor == "sqlite":
            conn.close()
            conn.ensure_connection()
            source = sqlite3.connect(plain)
            try:
                source.backup(conn.connection)
            finally:
                source.close()
        else:
            args, env = _pg_env(conn)
            cmd = [
                _pg_binary("pg_restore"),
                "--single-transaction",
                "--no-owner",
                "--exit-on-error",
                *(["--clean", "--if-exists"] if replace else []),
                *args,
                "-d",
                conn.settings_dict["NAME"],
                str(plain),
            ]
            conn.close()
            done = subprocess.run(cmd, capture_output=True, env=env, check=False)  # noqa: S603
            if done.returncode != 0:
                raise BackupError(f"pg_restore failed: {done.stderr.decode(errors='replace')}")
    head = header.get("audit_head")
    if head:
        from .models import AuditEvent

        found = AuditEvent.objects.using(alias).filter(pk=head["id"]).values("row_hash").first()
        if not found or found["row_hash"] != head["hash"]:
            raise BackupError("The restored audit log does not reach the backup's audit head.")
    _audit(alias, "backup.restore", {"file": src_path.name, "created": header.get("created")})
    return header


def _audit(alias: str, action: str, details: dict) -> None:
    from django.db import transaction

    from .audit import audit_record

    with transaction.atomic(using=alias):
        audit_record(action=action, username="manage.py", details=details)
