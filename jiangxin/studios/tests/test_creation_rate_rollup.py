"""The creation-rate rollup (core/rollups.py + studios/creation_rate.py): the cells say
what the live rule says, for every org; a write through a service makes it stale and its
commit rebuilds it; an unrelated write does not; a write during a rebuild keeps it stale."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jiangxin.core.audit import audit_record
from jiangxin.core.models_rollups import RollupState
from jiangxin.core.rollups import rollup_ready, rollup_rebuild, rollups_touch
from jiangxin.orgs.models import Org
from jiangxin.people.enums import HonourStatus
from jiangxin.people.models import Honour
from jiangxin.people.services import honour_verify
from jiangxin.studios import selectors
from jiangxin.studios.creation_rate import ROLLUP, qualified_workers
from jiangxin.studios.models import CreationRateCell
from jiangxin.testing.people import make_worker

from .helpers import honour
from .test_creation_rate import rated  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _state() -> RollupState:
    return RollupState.objects.get(name=ROLLUP)


def test_creation_rate_rollup_agrees_with_the_rule_for_every_org(rated):  # noqa: F811
    rollup_rebuild(ROLLUP)
    cells = {c.org_id: c for c in CreationRateCell.objects.all()}
    assert cells, "the fixture has people who count"
    for org in Org.objects.all():
        live = qualified_workers(org)
        cell = cells.get(org.pk)
        total = cell.sub_total if cell else 0
        leading = cell.sub_leading if cell else 0
        assert (total, leading) == (live.count(), live.filter(leads=True).count()), org.name
        own = qualified_workers().filter(employer=org)
        assert (cell.own_total if cell else 0) == own.count(), org.name


def test_creation_rate_rollup_built_by_its_first_reader(rated):  # noqa: F811
    w = rated.world
    assert not RollupState.objects.filter(name=ROLLUP).exists()
    rate = selectors.creation_rate(w.province_admin, w.province)
    assert rate.denominator == 6 and rate.as_of is not None and not rate.updating


def test_creation_rate_follows_a_verified_honour_after_commit(
    rated,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    w = rated.world
    before = selectors.creation_rate(w.province_admin, w.province).denominator
    fresh = make_worker(w.ent_b, 70, name="新认定")
    pending = honour(fresh, "provincial-model-worker", 2024)
    Honour.objects.filter(pk=pending.pk).update(status=HonourStatus.DECLARED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        honour_verify(actor=w.province_admin, honour_ids=[pending.pk])
    assert callbacks, "the verification's commit enqueues the rebuild"
    rate = selectors.creation_rate(w.province_admin, w.province)
    assert rate.denominator == before + 1 and not rate.updating
    assert Honour.objects.get(pk=pending.pk).status == HonourStatus.VERIFIED


def test_creation_rate_rollup_stale_until_rebuilt(rated):  # noqa: F811
    w = rated.world
    rollup_ready(ROLLUP)
    audit_record(actor=w.province_admin, action="honour.award", details={})
    assert _state().dirty_at is not None
    assert selectors.creation_rate(w.province_admin, w.province).updating
    rollup_rebuild(ROLLUP)
    assert _state().dirty_at is None


def test_creation_rate_rollup_ignores_unrelated_writes(rated):  # noqa: F811
    w = rated.world
    rollup_ready(ROLLUP)
    audit_record(actor=w.province_admin, action="calendar.day.set", details={})
    audit_record(actor=w.province_admin, action="honour.award", result="failure", details={})
    assert _state().dirty_at is None


def test_creation_rate_rollup_overtaken_by_a_write_stays_stale(rated):  # noqa: F811
    rollup_ready(ROLLUP)
    later = timezone.now() + timedelta(seconds=5)  # a write that lands after the build began
    RollupState.objects.filter(name=ROLLUP).update(dirty_at=later)
    assert rollup_rebuild(ROLLUP).dirty_at == later


def test_rollups_touch_before_the_first_build_leaves_it_to_the_reader(rated):  # noqa: F811
    rollups_touch("honour.verify")
    assert not RollupState.objects.filter(name=ROLLUP).exists()


def test_creation_rate_page_shows_the_largest_children_of_a_wide_org(rated, monkeypatch):  # noqa: F811
    from django.urls import reverse

    from jiangxin.studios import creation_rate as module

    monkeypatch.setattr(module, "SHOWN_CHILDREN", 1)
    w = rated.world
    client = w.client(w.province_admin)
    page = client.get(reverse("studios:rate_org", args=[w.county.pk]))
    everyone = selectors.creation_rate(w.province_admin, w.county).children
    assert len(everyone) == 2 and page.context["hidden"] == 1
    shown = page.context["rows"]
    biggest = max(everyone, key=lambda r: r.denominator)
    assert [r.org for r in shown] == [biggest.org]
    assert page.context["chart"]["ids"] == [biggest.org.pk]
    assert page.context["rate"].denominator == sum(r.denominator for r in everyone)
    assert 'id="jx-rate-more"' in page.text
    everyone = client.get(reverse("studios:rate_org", args=[w.county.pk]), {"all": "1"})
    assert len(everyone.context["rows"]) == 2 and everyone.context["hidden"] == 0
