"""The scope-key row triggers again: on SQLite they now leave a pending import row alone
(core/scope_keys.py, PENDING)."""

from django.db import migrations

from jiangxin.core.scope_keys import ScopeKeyRowTriggers


class Migration(migrations.Migration):
    dependencies = [("selection", "0004_entry_scope_keys")]

    operations = [ScopeKeyRowTriggers("selection_entry", "org_id")]
