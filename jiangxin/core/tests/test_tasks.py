from datetime import timedelta

import pytest
from django.utils import timezone

from jiangxin.core.models import TaskProgress
from jiangxin.core.tasks import RUNNERS, runner, task_recover_stale, task_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting_runner():
    calls = []

    @runner("test.count")
    def _run(job, progress):
        progress.start(10)
        for _ in range(10):
            progress.step()
        calls.append(job.pk)
        return {"ok": True}

    yield calls
    RUNNERS.pop("test.count", None)


@pytest.fixture
def failing_runner():
    @runner("test.fail")
    def _run(job, progress):
        raise RuntimeError("disk full")

    yield
    RUNNERS.pop("test.fail", None)


def _stale_job(world, kind, attempts):
    return TaskProgress.objects.create(
        owner=world.city_staff,
        kind=kind,
        title="t",
        state=TaskProgress.State.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )


def test_task_run_records_progress_and_result(world, counting_runner):
    job = TaskProgress.objects.create(owner=world.city_staff, kind="test.count", title="t")
    task_run.call(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.done == 10 and job.total == 10 and job.result == {"ok": True}
    assert job.attempts == 1 and job.finished_at is not None


def test_task_failure_is_visible(world, failing_runner):
    job = TaskProgress.objects.create(owner=world.city_staff, kind="test.fail", title="t")
    task_run.call(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and "disk full" in job.message


def test_task_interrupted_by_worker_restart_is_requeued(world, counting_runner):
    job = _stale_job(world, "test.count", attempts=1)
    fresh = TaskProgress.objects.create(
        owner=world.city_staff,
        kind="test.count",
        title="busy",
        state="running",
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    requeued, failed = task_recover_stale()
    assert (requeued, failed) == (1, 0)
    job.refresh_from_db()
    # the test settings run enqueued tasks immediately: the job ran again to the end
    assert job.state == "done" and job.attempts == 2 and counting_runner == [job.pk]
    fresh.refresh_from_db()
    assert fresh.state == "running"  # a live job is left alone


def test_task_interrupted_too_often_is_marked_failed(world, counting_runner):
    job = _stale_job(world, "test.count", attempts=TaskProgress.MAX_ATTEMPTS)
    assert task_recover_stale() == (0, 1)
    job.refresh_from_db()
    assert job.state == "failed" and job.message and job.finished_at
    assert counting_runner == []


def test_task_progress_partial_shows_bar(world):
    job = TaskProgress.objects.create(
        owner=world.city_staff, kind="import", title="t", state="running", total=200, done=50
    )
    response = world.client(world.city_staff).get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'value="25"' in body and 'hx-trigger="every 1s"' in body and "<html" not in body


def test_task_progress_live_beats_show_while_the_row_is_stale(world):
    """A runner inside one long transaction cannot make its progress row visible; its
    beats reach the page through the jobs cache."""
    from jiangxin.core.tasks import Progress

    job = TaskProgress.objects.create(
        owner=world.city_staff, kind="import", title="t", state="running", attempts=1
    )
    progress = Progress(TaskProgress.objects.get(pk=job.pk), every=100)
    progress.start(400)
    progress.step(300)
    TaskProgress.objects.filter(pk=job.pk).update(total=0, done=0)  # as other connections see it
    response = world.client(world.city_staff).get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "300 / 400" in body and 'value="75"' in body


def test_task_progress_live_beats_of_an_earlier_attempt_are_ignored(world):
    from jiangxin.core.tasks import Progress

    job = TaskProgress.objects.create(
        owner=world.city_staff, kind="import", title="t", state="running", attempts=1
    )
    progress = Progress(TaskProgress.objects.get(pk=job.pk), every=1)
    progress.start(10)
    progress.step(9)
    TaskProgress.objects.filter(pk=job.pk).update(attempts=2, total=10, done=1)
    response = world.client(world.city_staff).get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert 'value="10"' in response.content.decode()


def test_task_recover_stale_leaves_a_job_with_live_beats(world, counting_runner):
    from jiangxin.core.tasks import Progress

    job = _stale_job(world, "test.count", attempts=1)
    Progress(job, every=1).step()  # beats while its row's heartbeat looks old
    TaskProgress.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert task_recover_stale() == (0, 0)
    job.refresh_from_db()
    assert job.state == "running" and counting_runner == []


# --- a dead process is noticed, and its job ended the right way -----------------------------


def _running(world, **fields):
    return TaskProgress.objects.create(
        owner=world.city_staff,
        kind="test.count",
        title="t",
        state=TaskProgress.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
        total=200,
        done=82,
        **fields,
    )


def test_task_dead_worker_job_is_requeued_saying_so(world, counting_runner, settings):
    job = _running(world, runner="host:999999:dead")  # a process that never beat
    assert task_recover_stale() == (1, 0)
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2  # ran again (tasks run eagerly in tests)
    assert "41 %" in job.message


def test_task_dead_web_process_job_fails_and_is_never_rerun(world, counting_runner):
    """An import that ran inside a request whose process died: the user saw the request
    fail, so the job fails with a message and is not run again later."""
    job = _running(world, runner="host:999999:dead", inline=True)
    assert task_recover_stale() == (0, 1)
    job.refresh_from_db()
    assert job.state == "failed" and "41 %" in job.message and job.finished_at
    assert task_recover_stale() == (0, 0)
    assert counting_runner == []


def test_task_live_process_is_left_alone(world, counting_runner):
    from jiangxin.core.tasks import _beat_once, process_token

    _beat_once()
    job = _running(world, runner=process_token())
    TaskProgress.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert task_recover_stale() == (0, 0)
    job.refresh_from_db()
    assert job.state == "running" and counting_runner == []


def test_task_progress_page_notices_a_dead_process(world, counting_runner):
    job = _running(world, runner="host:999999:dead", inline=True)
    response = world.client(world.city_staff).get(f"/jobs/{job.pk}/")
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.message in response.content.decode()


def test_task_run_records_its_process(world, counting_runner):
    from jiangxin.core.tasks import process_token

    job = TaskProgress.objects.create(owner=world.city_staff, kind="test.count", title="t")
    task_run.call(job.pk)
    job.refresh_from_db()
    assert job.runner == process_token() and job.state == "done"
