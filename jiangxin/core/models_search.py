"""The generic full-text search table (see jiangxin.core.search).

One row per searchable object: its kind ("org", "person", ...), its id, the path of the
org that owns it (scoping is a prefix match, as everywhere else) and its text as
space-joined jieba tokens. The vendor-specific index over `tokens` (an FTS5 table kept in
sync by triggers on SQLite, a GIN index on the stored column to_tsvector('simple', tokens) on PostgreSQL)
is created by migration core.0003_search."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=32)
    object_id = models.BigIntegerField(_("object ID"))
    org_path = models.CharField(_("org path"), max_length=255)
    tokens = models.TextField(_("tokens"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_doc_kind_object_uniq"
            )
        ]
        indexes = [models.Index(fields=["kind", "org_path"], name="search_doc_kind_path_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
