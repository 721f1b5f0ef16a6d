"""`manage.py audit_verify`: walk the audit hash chain and report the first broken link.

Exit status 0 when every row verifies, 1 at the first row that was edited, or where rows
were deleted or inserted. Streams the rows (constant memory). Prints the head (last id and
hash): writing it down elsewhere (e.g. with each backup) also reveals a later removal of
the newest rows."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from jiangxin.core.audit_chain import chain_rows, chain_walk
from jiangxin.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 at the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        start = time.monotonic()
        walk = chain_walk(chain_rows(AuditEvent, using=options["database"]))
        seconds = time.monotonic() - start
        rate = walk.rows / seconds if seconds > 0 else 0
        if walk.broken is not None:
            raise CommandError(
                f"audit chain broken at row {walk.broken.row_id} ({walk.broken.kind}): "
                f"{walk.broken.message}; {walk.rows - 1} rows verified before it",
                returncode=1,
            )
        self.stdout.write(
            f"audit chain ok: {walk.rows} rows in {seconds:.2f} s ({rate:,.0f} rows/s); "
            f"head {walk.head_id or '-'} {walk.head_hash}"
        )
