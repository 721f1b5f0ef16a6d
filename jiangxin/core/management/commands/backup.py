"""`manage.py backup FILE`: an encrypted backup of the database (key: JX_BACKUP_KEY)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiangxin.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write an encrypted backup of the database to FILE (key from JX_BACKUP_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: str, database: str, **options):
        start = time.monotonic()
        try:
            header = backup_write(Path(file), alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        head = header["audit_head"] or {}
        self.stdout.write(
            f"backup written to {file}: {header['vendor']}, {header['bytes']:,} bytes, "
            f"{time.monotonic() - start:.1f} s; audit head {head.get('id', '-')} "
            f"{head.get('hash', '')}"
        )
