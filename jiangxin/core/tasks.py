"""Background jobs with visible progress, on Django's tasks framework and the
database-backed worker (django-tasks-db): no broker.

A job is a `TaskProgress` row plus an enqueued task `task_run(progress_id)`, which looks up
the job's runner by kind in `RUNNERS` and calls it with a `Progress` handle."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.core.cache import caches
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from .models_tasks import TaskProgress

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=2)
RUNNERS: dict[str, Callable[[TaskProgress, Progress], dict]] = {}


def runner(kind: str):
    def register(fn):
        RUNNERS[kind] = fn
        return fn

    return register


LIVE_CACHE = "jobs"


def _live_key(job: TaskProgress) -> str:
    return f"jx:job:{job.pk}:{job.attempts}"


def _live(job: TaskProgress) -> tuple | None:
    """The last beat of this attempt of the job: (done, total, at), or None."""
    return caches[LIVE_CACHE].get(_live_key(job))


def task_progress_live(job: TaskProgress) -> TaskProgress:
    """The job with the progress its worker reported last. A runner working inside one
    long transaction (an import writes all rows or none) cannot make its progress rows
    visible to other connections before it commits, so every beat also goes to the
    `jobs` cache (a file cache by default, shared by the worker and the web processes),
    which this reads while the job runs."""
    if job.state == TaskProgress.State.RUNNING:
        live = _live(job)
        if live and live[0] >= job.done:
            job.done, job.total = live[0], live[1]
    return job


class Progress:
    """Handed to a runner: `step(n)` advances the bar, saving at most every `every` rows
    (to the job's row and to the `jobs` cache, see `task_progress_live`)."""

    def __init__(self, job: TaskProgress, every: int = 500) -> None:
        self.job = job
        self.every = every
        self._unsaved = 0

    def start(self, total: int) -> None:
        self.job.total = total
        self._save("total")

    def step(self, n: int = 1) -> None:
        self.job.done += n
        self._unsaved += n
        if self._unsaved >= self.every:
            self._save("done")

    def _save(self, *fields: str) -> None:
        self._unsaved = 0
        self.job.heartbeat_at = timezone.now()
        caches[LIVE_CACHE].set(
            _live_key(self.job),
            (self.job.done, self.job.total, self.job.heartbeat_at),
            timeout=24 * 3600,
        )
        TaskProgress.objects.filter(pk=self.job.pk).update(
            heartbeat_at=self.job.heartbeat_at, **{f: getattr(self.job, f) for f in fields}
        )


def job_start(
    *, owner, kind: str, title: str, params: dict, org_id: int | None = None
) -> TaskProgress:
    """Create the job row and enqueue it once the surrounding transaction commits."""
    if kind not in RUNNERS:
        raise ValueError(f"no runner for {kind}")
    job = TaskProgress.objects.create(
        owner=owner, org_id=org_id, kind=kind, title=title, params=params
    )
    transaction.on_commit(lambda: task_run.enqueue(job.pk))
    return job


@task()
def task_run(progress_id: int) -> None:
    job = TaskProgress.objects.filter(pk=progress_id).first()
    if job is None or job.is_finished:
        return
    job.state = TaskProgress.State.RUNNING
    job.attempts += 1
    job.started_at = job.heartbeat_at = timezone.now()
    job.done = 0
    job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "done"])
    try:
        result = RUNNERS[job.kind](job, Progress(job))
    except Exception as exc:  # the job must end visibly, whatever went wrong
        log.exception("task %s failed", job.pk)
        TaskProgress.objects.filter(pk=job.pk).update(
            state=TaskProgress.State.FAILED,
            message=_("The task failed: %(error)s") % {"error": exc},
            finished_at=timezone.now(),
        )
        return
    TaskProgress.objects.filter(pk=job.pk).update(
        state=TaskProgress.State.DONE,
        done=job.total or job.done,
        result=result or {},
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def task_recover_stale(now=None) -> tuple[int, int]:
    """Jobs whose worker died: re-queue them, or mark them failed after MAX_ATTEMPTS.
    Runs when a worker starts (`manage.py jx_worker`). Returns (requeued, failed)."""
    now = now or timezone.now()
    requeued = failed = 0
    stale = TaskProgress.objects.filter(
        state=TaskProgress.State.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    for job in stale:
        live = _live(job)
        if live and live[2] >= now - STALE_AFTER:
            continue  # alive, working inside a transaction that hides its beats
        if job.attempts >= TaskProgress.MAX_ATTEMPTS:
            TaskProgress.objects.filter(pk=job.pk).update(
                state=TaskProgress.State.FAILED,
                finished_at=now,
                message=_(
                    "The worker stopped during this task %(n)d times; it was not finished. Start it again."
                )
                % {"n": job.attempts},
            )
            failed += 1
        else:
            TaskProgress.objects.filter(pk=job.pk).update(
                state=TaskProgress.State.QUEUED,
                message=_("The worker restarted during this task; it was queued again."),
            )
            task_run.enqueue(job.pk)
            requeued += 1
    return requeued, failed
