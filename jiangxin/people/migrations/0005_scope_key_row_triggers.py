"""The scope-key row triggers again: on SQLite their WHEN looks the owner's path up once
(core/scope_keys.py)."""

from django.db import migrations

from jiangxin.core.scope_keys import ScopeKeyRowTriggers


class Migration(migrations.Migration):
    dependencies = [("people", "0004_worker_scope_keys")]

    operations = [ScopeKeyRowTriggers("people_worker", "employer_id")]
