"""The honour-verification migration: honours recorded before it stay counted."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_migration_existing_honours_become_verified():
    before = [("people", "0002_honour_types")]
    after = [("people", "0003_honour_verification")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    org = old.get_model("orgs", "Org").objects.create(
        name="甲钢铁有限公司", kind="enterprise", region_code="370102", path="0001", depth=1
    )
    worker = old.get_model("people", "Worker").objects.create(
        name="甲",
        gender="M",
        id_cipher="x",
        id_hash="h" * 64,
        id_masked="370102********0011",
        birth_date="1980-01-01",
        employer=org,
    )
    # get_or_create: a transactional test run before this one may have flushed the types
    # the data migration seeded.
    kind, _ = old.get_model("people", "HonourType").objects.get_or_create(
        code="qilu-craftsman", defaults={"name": "齐鲁工匠", "level": "provincial"}
    )
    honour = old.get_model("people", "Honour").objects.create(
        worker=worker, honour_type=kind, year=2021, awarding_body="山东省总工会"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    migrated = new.get_model("people", "Honour").objects.get(pk=honour.pk)
    assert migrated.status == "verified" and migrated.reviewed_at == migrated.created_at
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
