"""Dashboard rollups: figures a dashboard would otherwise compute from every row of a
big table on every view (the creation rate read 2.1M workers: 0.93 s a page), kept in a
small table of their own and rebuilt in the background.

A module declares `Rollup(name, rebuild, actions)` (core/modules.py). Every write already
writes exactly one audit row; `audit_record` calls `rollups_touch(action)`, so a write
whose action starts with one of a rollup's `actions` marks it stale and, once the write
commits, enqueues its rebuild — no write path can forget to. A rebuild that a write
overtakes stays stale and runs again. Readers call `rollup_ready(name)` first: it builds
a rollup that was never built (a fresh install, a test) in place, and returns the state,
so a page can say "figures as of 10:42, updating" while a rebuild is pending."""

from __future__ import annotations

import time

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from . import modules
from .models_rollups import RollupState


def _watching(action: str) -> list[str]:
    return [r.name for r in modules.rollups().values() if action.startswith(r.actions)]


def rollups_touch(action: str) -> None:
    """A write with this audit action is about to commit: mark the rollups that depend
    on it stale, and rebuild them after the commit."""
    for name in _watching(action):
        states = RollupState.objects.filter(name=name)
        if states.filter(dirty_at__isnull=True).update(dirty_at=timezone.now()):
            transaction.on_commit(lambda name=name: rollup_rebuild_task.enqueue(name))
        else:  # never built (its first reader builds it), or a rebuild is pending: it
            states.update(dirty_at=timezone.now())  # sees this and runs once more


def rollup_rebuild(name: str) -> RollupState:
    """Rebuild one rollup now. The build's start is what it is fresh as of: a touch after
    it leaves the rollup stale (and the task runs again)."""
    rollup = modules.rollups()[name]
    start, t0 = timezone.now(), time.perf_counter()
    rows = import_string(rollup.rebuild)()
    state, _ = RollupState.objects.get_or_create(name=name)
    RollupState.objects.filter(name=name).update(
        built_at=start, rows=rows, seconds=time.perf_counter() - t0
    )
    RollupState.objects.filter(name=name, dirty_at__lte=start).update(dirty_at=None)
    state.refresh_from_db()
    return state


@task()
def rollup_rebuild_task(name: str) -> int:
    state = rollup_rebuild(name)
    if state.dirty_at is not None:  # overtaken by a write during the build
        transaction.on_commit(lambda: rollup_rebuild_task.enqueue(name))
    return state.rows


STUCK = 300  # seconds: a rollup stale for longer lost its rebuild (a worker died)


def rollup_ready(name: str) -> RollupState:
    """The rollup's state, built first if it never was (and its rebuild enqueued again
    when it has been stale for longer than a rebuild could take)."""
    state = RollupState.objects.filter(name=name).first()
    if state is None or state.built_at is None:
        return rollup_rebuild(name)
    if state.dirty_at and (timezone.now() - state.dirty_at).total_seconds() > STUCK:
        RollupState.objects.filter(name=name).update(dirty_at=timezone.now())
        rollup_rebuild_task.enqueue(name)
    return state


def rollups_rebuild_all() -> dict[str, int]:
    """Every rollup, rebuilt (the seeds call it; so may a nightly job)."""
    return {name: rollup_rebuild(name).rows for name in modules.rollups()}
