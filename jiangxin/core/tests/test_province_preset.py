"""The province preset end to end at a small size: every module's bulk loader runs, the
tree and the data are valid, and a second run adds nothing."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

ARGS = ["--preset", "province", "--orgs", "400", "--workers", "3000", "--studios", "40"]
ARGS += ["--achievements", "300", "--entries", "60"]


def _counts() -> dict:
    from jiangxin.achievements.models import Achievement
    from jiangxin.orgs.models import Org
    from jiangxin.people.models import Honour, Worker
    from jiangxin.selection.models import Campaign
    from jiangxin.studios.models import Studio

    return {
        m.__name__: m.objects.count() for m in (Org, Worker, Honour, Studio, Achievement, Campaign)
    }


def test_province_preset_loads_every_module_once():
    from jiangxin.core.validators import validate_resident_id
    from jiangxin.people.crypto import pii_decrypt
    from jiangxin.people.models import Worker

    call_command("seed", *ARGS)
    first = _counts()
    assert first["Org"] >= 400 and first["Worker"] >= 3000 and first["Studio"] == 40
    assert first["Achievement"] == 300 and first["Campaign"] == 1
    # the honours a province really has: every studio leader, and 2 % of first-line workers
    from jiangxin.people.models import Honour
    from jiangxin.studios.models import Studio

    leaders = set(Studio.objects.unscoped("test").values_list("leader_id", flat=True))
    holders = set(Honour.objects.verified().values_list("worker_id", flat=True))
    assert leaders <= holders and len(holders - leaders) >= 3000 * 0.8 * 0.02 * 0.8
    for worker in Worker.objects.order_by("?")[:50]:
        validate_resident_id(pii_decrypt(worker.id_cipher))
    # bulk inserts (COPY, executemany) too: the triggers gave every row its scope keys
    from jiangxin.achievements.models import Achievement
    from jiangxin.core.scope_keys import scope_keys_stale

    for model in (Worker, Studio, Achievement):
        assert scope_keys_stale(model) == 0, model
    assert Worker.objects.unscoped("test").filter(scope_d1="").count() == 0
    call_command("seed", *ARGS)
    assert _counts() == first
