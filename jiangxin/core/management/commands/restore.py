"""`manage.py restore FILE`: load an encrypted backup (key: JX_BACKUP_KEY) into an empty
database. The whole file is checked before anything is loaded: a wrong key or a changed
or truncated file is refused. Then run `manage.py audit_verify`."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiangxin.core.backup import BackupError, restore_read


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty database (key from JX_BACKUP_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that is not empty"
        )

    def handle(self, *args, file: str, database: str, replace: bool, **options):
        start = time.monotonic()
        try:
            header = restore_read(Path(file), alias=database, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {file} (made {header.get('created')}) in "
            f"{time.monotonic() - start:.1f} s; now run manage.py audit_verify"
        )
