"""The scope-key row triggers again: on SQLite their WHEN looks the owner's path up once
(core/scope_keys.py)."""

from django.db import migrations

from jiangxin.core.scope_keys import ScopeKeyRowTriggers


class Migration(migrations.Migration):
    dependencies = [("selection", "0004_entry_scope_keys")]

    operations = [ScopeKeyRowTriggers("selection_entry", "org_id")]
