from django.db import models


class RollupState(models.Model):
    """When a dashboard rollup (core/rollups.py) was last built, and since when it is
    stale (a write its figures depend on committed after the build began)."""

    name = models.CharField(max_length=64, primary_key=True)
    built_at = models.DateTimeField(null=True)
    dirty_at = models.DateTimeField(null=True)
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.name
