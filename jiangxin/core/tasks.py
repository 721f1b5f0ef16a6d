"""Background jobs with visible progress, on Django's tasks framework and the
database-backed worker (django-tasks-db): no broker.

A job is a `TaskProgress` row plus an enqueued task `task_run(progress_id)`, which looks up
the job's runner by kind in `RUNNERS` and calls it with a `Progress` handle."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from .models_tasks import TaskProgress

log = logging.getLogger(__name__)
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


# --- which process runs a job, and is it still alive -------------------------------------
#
# A job records the process that runs it (`TaskProgress.runner`: host, pid and a token of
# this process's life). While a process runs jobs, a thread beats its key in the `jobs`
# cache every few seconds — outside the database, so a job working inside one long
# transaction (or under SQLite's write lock) still beats. A running job whose process has
# not beaten for `JX_JOB_STALE_SECONDS` is dead: whoever looks first (its progress page,
# a worker's sweep, a worker starting) ends it — re-queued when a worker ran it, failed
# with a message when it ran inside a web request (the user was already shown a failure:
# it is never re-run behind their back).


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "JX_JOB_STALE_SECONDS", 45))


_process = {"pid": None, "token": ""}
_beating: dict[int, int] = {}
_beat_lock = threading.Lock()


def process_token() -> str:
    """This process's identity (a forked child gets its own)."""
    if _process["pid"] != os.getpid():
        _process["pid"] = os.getpid()
        _process["token"] = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return _process["token"]


def _proc_key(token: str) -> str:
    return f"jx:proc:{token}"


def _beat_once() -> None:
    caches[LIVE_CACHE].set(
        _proc_key(process_token()), timezone.now(), timeout=int(stale_after().total_seconds()) * 4
    )


def _beat_loop() -> None:
    interval = max(0.5, stale_after().total_seconds() / 5)
    while True:
        with _beat_lock:
            if not _beating:
                _process["thread"] = None
                return
        _beat_once()
        threading.Event().wait(interval)


def _beats_start(job_id: int) -> None:
    _beat_once()
    with _beat_lock:
        _beating[job_id] = _beating.get(job_id, 0) + 1
        if _process.get("thread") is None:
            thread = threading.Thread(target=_beat_loop, name="jx-job-beat", daemon=True)
            _process["thread"] = thread
            thread.start()


def _beats_stop(job_id: int) -> None:
    with _beat_lock:
        if _beating.get(job_id, 0) <= 1:
            _beating.pop(job_id, None)
        else:
            _beating[job_id] -= 1


def task_alive(job: TaskProgress, now=None) -> bool:
    """Whether the process running `job` still beats (a job with no process recorded —
    rows from before — is judged by its own heartbeat and progress beats)."""
    now = now or timezone.now()
    limit = now - stale_after()
    if job.runner:
        beat = caches[LIVE_CACHE].get(_proc_key(job.runner))
        return beat is not None and beat >= limit
    if job.heartbeat_at is None or job.heartbeat_at >= limit:
        return True
    live = _live(job)
    return bool(live and live[2] >= limit)


def task_abandon(job: TaskProgress, now=None) -> str | None:
    """End a running job whose process died: re-queue it (a worker's job, attempts left)
    or fail it with the reason. Only one caller wins (a conditional UPDATE). Returns the
    new state, or None when the job was not abandoned."""
    now = now or timezone.now()
    if job.state != TaskProgress.State.RUNNING or task_alive(job, now):
        return None
    job = task_progress_live(job)
    at = {"percent": job.percent}
    same = TaskProgress.objects.filter(
        pk=job.pk, state=TaskProgress.State.RUNNING, attempts=job.attempts, runner=job.runner
    )
    if job.inline or job.attempts >= TaskProgress.MAX_ATTEMPTS:
        if job.inline:
            message = (
                _(
                    "The server stopped while this job was running (at %(percent)d %%). "
                    "Nothing was saved; start it again."
                )
                % at
            )
        else:
            message = _(
                "The worker stopped during this task %(n)d times; it was not finished. Start it again."
            ) % {"n": job.attempts}
        won = same.update(state=TaskProgress.State.FAILED, finished_at=now, message=message)
        return TaskProgress.State.FAILED if won else None
    message = (
        _("The worker stopped while this job was running (at %(percent)d %%); it was queued again.")
        % at
    )
    if not same.update(state=TaskProgress.State.QUEUED, message=message):
        return None
    task_run.enqueue(job.pk)
    return TaskProgress.State.QUEUED


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
    job.runner = process_token()
    job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "done", "runner"])
    _beats_start(job.pk)
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
    finally:
        _beats_stop(job.pk)
    TaskProgress.objects.filter(pk=job.pk).update(
        state=TaskProgress.State.DONE,
        done=job.total or job.done,
        result=result or {},
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def task_recover_stale(now=None) -> tuple[int, int]:
    """End every running job whose process died (see `task_abandon`). Runs when a worker
    starts and then every few seconds in its sweep thread (`manage.py jx_worker`), and for
    one job whenever its progress page is looked at. Returns (requeued, failed)."""
    now = now or timezone.now()
    requeued = failed = 0
    for job in TaskProgress.objects.filter(state=TaskProgress.State.RUNNING).order_by("id"):
        state = task_abandon(job, now)
        requeued += state == TaskProgress.State.QUEUED
        failed += state == TaskProgress.State.FAILED
    return requeued, failed


def housekeeping_run() -> dict[str, int]:
    """Run every module's housekeeping (core/modules.py); what each removed. One that
    fails is logged and the others still run."""
    from .modules import housekeeping

    done: dict[str, int] = {}
    for path, fn in housekeeping():
        try:
            done[path] = fn()
        except Exception:
            log.exception("housekeeping %s failed", path)
    return done


def task_sweep_forever(interval: float | None = None) -> None:
    """The worker's sweep thread: recover dead jobs every `interval` seconds, and purge
    old import files now and then."""
    from .export_jobs import export_files_purge
    from .import_jobs import import_files_purge

    interval = interval or max(1.0, stale_after().total_seconds() / 3)
    sweeps = 0
    while True:
        threading.Event().wait(interval)
        try:
            task_recover_stale()
            if sweeps % 600 == 0:  # and about every few hours, old files and rows
                import_files_purge()
                export_files_purge()
                housekeeping_run()
            sweeps += 1
        except Exception:  # a sweep must never kill the worker
            log.exception("job sweep failed")
        finally:
            connection.close()
