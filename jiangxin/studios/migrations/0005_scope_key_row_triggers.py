"""The scope-key row triggers again: on SQLite their WHEN looks the owner's path up once
(core/scope_keys.py)."""

from django.db import migrations

from jiangxin.core.scope_keys import ScopeKeyRowTriggers


class Migration(migrations.Migration):
    dependencies = [("studios", "0004_creation_rate_cells")]

    operations = [ScopeKeyRowTriggers("studios_studio", "host_id")]
