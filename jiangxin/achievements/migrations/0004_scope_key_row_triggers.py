"""The scope-key row triggers again: on SQLite their WHEN looks the owner's path up once
(core/scope_keys.py)."""

from django.db import migrations

from jiangxin.core.scope_keys import ScopeKeyRowTriggers


class Migration(migrations.Migration):
    dependencies = [("achievements", "0003_achievement_scope_keys")]

    operations = [ScopeKeyRowTriggers("achievements_achievement", "enterprise_id")]
