from django.db import migrations


def forward(apps, schema_editor):
    from jiangxin.people.honour_types import honour_types_ensure

    honour_types_ensure(apps.get_model("people", "HonourType"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
