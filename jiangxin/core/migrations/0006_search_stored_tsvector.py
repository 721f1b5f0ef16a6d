"""PostgreSQL: the search vector becomes a stored generated column with the GIN index on
it, so a query that matches most documents (where the planner rightly scans instead of
using the index) no longer parses every document's tokens again. SQLite is unchanged
(FTS5 keeps its own index)."""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE core_searchdocument ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "DROP INDEX IF EXISTS core_searchdocument_tsv_gin",
    "CREATE INDEX core_searchdocument_tsv_gin ON core_searchdocument USING gin (tsv)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchdocument_tsv_gin",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS tsv",
    "CREATE INDEX core_searchdocument_tsv_gin ON core_searchdocument "
    "USING gin (to_tsvector('simple', tokens))",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for sql in statements:
            schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, PG_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_task_progress")]

    operations = [migrations.RunPython(forward, backward)]
