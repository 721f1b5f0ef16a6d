"""The generic search table and its vendor-specific full-text index.

SQLite: an external-content FTS5 table over core_searchdocument.tokens, kept in sync by
triggers (the tokens are already jieba-segmented and space-joined, so unicode61 only has
to split on spaces). PostgreSQL: a GIN index on to_tsvector('simple', tokens); queries
must use that exact expression to hit it.

Beware: on SQLite, a later migration that alters core_searchdocument makes Django rebuild
the table, which drops these triggers; such a migration must create them again."""

from django.db import migrations, models

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE core_searchdocument_fts USING fts5(
        tokens, content='core_searchdocument', content_rowid='id', tokenize='unicode61'
    )
    """,
    """
    CREATE TRIGGER core_searchdocument_fts_ai AFTER INSERT ON core_searchdocument BEGIN
        INSERT INTO core_searchdocument_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END
    """,
    """
    CREATE TRIGGER core_searchdocument_fts_ad AFTER DELETE ON core_searchdocument BEGIN
        INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
    END
    """,
    """
    CREATE TRIGGER core_searchdocument_fts_au AFTER UPDATE OF tokens ON core_searchdocument
    BEGIN
        INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
        INSERT INTO core_searchdocument_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END
    """,
    # Index whatever rows exist already (none on a fresh database).
    "INSERT INTO core_searchdocument_fts(core_searchdocument_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchdocument_fts_au",
    "DROP TRIGGER IF EXISTS core_searchdocument_fts_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_fts_ai",
    "DROP TABLE IF EXISTS core_searchdocument_fts",
]
PG_FORWARD = [
    "CREATE INDEX core_searchdocument_tsv_gin ON core_searchdocument "
    "USING gin (to_tsvector('simple', tokens))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS core_searchdocument_tsv_gin"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_issued_documents")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=32, verbose_name="kind")),
                ("object_id", models.BigIntegerField(verbose_name="object ID")),
                ("org_path", models.CharField(max_length=255, verbose_name="org path")),
                ("tokens", models.TextField(blank=True, verbose_name="tokens")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "indexes": [
                    models.Index(fields=["kind", "org_path"], name="search_doc_kind_path_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="search_doc_kind_object_uniq"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
