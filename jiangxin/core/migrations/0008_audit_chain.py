"""The audit hash chain: `prev_hash` and `row_hash` on every row, existing rows chained in
id order. The append-only triggers are dropped for the change (SQLite rebuilds the table,
which would lose them anyway) and created again at the end."""

import importlib

import django.utils.timezone
from django.db import migrations, models

append_only = importlib.import_module("jiangxin.core.migrations.0002_audit_append_only")


def drop_triggers(apps, schema_editor):
    append_only.backward(apps, schema_editor)


def create_triggers(apps, schema_editor):
    append_only.forward(apps, schema_editor)


def chain_existing(apps, schema_editor):
    from jiangxin.core.audit_chain import FIELDS, GENESIS, row_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    db = schema_editor.connection.alias
    prev = GENESIS
    rows = AuditEvent.objects.using(db).order_by("id").values("id", *FIELDS)
    for row in rows.iterator(chunk_size=2000):
        h = row_hash(row, prev)
        AuditEvent.objects.using(db).filter(pk=row["id"]).update(prev_hash=prev, row_hash=h)
        prev = h


class Migration(migrations.Migration):
    dependencies = [("core", "0007_official_calendar")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="previous hash"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="time",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
