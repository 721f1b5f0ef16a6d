from django.db import migrations


def forward(apps, schema_editor):
    from jiangxin.people.honour_types import HONOUR_TYPES

    HonourType = apps.get_model("people", "HonourType")
    for code, name, name_en, level, category, body, counts in HONOUR_TYPES:
        HonourType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "category": category,
                "awarding_body": body,
                "counts_for_creation_rate": counts,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
