from django.db import migrations, models

import jiangxin.selection.models


def fill_references(apps, schema_editor):
    Objection = apps.get_model("selection", "Objection")
    seen = set()
    for objection in Objection.objects.filter(reference__isnull=True).only("pk"):
        ref = jiangxin.selection.models.objection_reference()
        while ref in seen:
            ref = jiangxin.selection.models.objection_reference()
        seen.add(ref)
        Objection.objects.filter(pk=objection.pk).update(reference=ref)


class Migration(migrations.Migration):
    dependencies = [("selection", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="reference",
            field=models.CharField(max_length=16, null=True, verbose_name="reference number"),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="objection",
            name="reference",
            field=models.CharField(
                default=jiangxin.selection.models.objection_reference,
                max_length=16,
                unique=True,
                verbose_name="reference number",
            ),
        ),
    ]
