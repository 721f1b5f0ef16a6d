from django.db import models


class PendingRows(models.Model):
    """A block of ids of a scope-keyed table written by a large import on SQLite but not
    yet visible (core/bulk_insert.py): `scoped()` leaves out rows whose id lies in a
    block; deleting the block, in the import's last transaction, shows them all at once.
    `pid` is the writing process (its blocks are deleted when it died unfinished)."""

    table = models.CharField(max_length=63)
    lo = models.BigIntegerField()
    hi = models.BigIntegerField()
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["table", "lo"], name="core_pending_rows_idx")]

    def __str__(self) -> str:
        return f"{self.table} {self.lo}–{self.hi}"
