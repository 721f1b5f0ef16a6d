"""The scope-key row triggers again: on SQLite they now leave a pending import row alone
(core/scope_keys.py, PENDING)."""

from django.db import migrations

from jiangxin.core.scope_keys import ScopeKeyRowTriggers


class Migration(migrations.Migration):
    dependencies = [("people", "0004_worker_scope_keys")]

    operations = [ScopeKeyRowTriggers("people_worker", "employer_id")]
