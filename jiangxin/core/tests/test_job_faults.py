"""Fault tests: kill -9 the worker and the web process in the middle of an import, on a
real SQLite file shared by real processes (`jiangxin/testing/faults.py`), and look at what
the user is shown. Dead processes are noticed after 3 s here (`JX_JOB_STALE_SECONDS`)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the processes share a SQLite file (the PostgreSQL run covers the same code)",
)


def _env(data_dir: Path) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "jiangxin.testing.fault_settings",
        "PYTHONPATH": str(settings.BASE_DIR),
        "JX_DATA_DIR": str(data_dir),
        "PATH": "/usr/bin:/bin",
        "HOME": str(data_dir),
    }


def _step(data_dir: Path, *args) -> dict:
    out = subprocess.run(  # noqa: S603 (our interpreter, our module)
        [sys.executable, "-m", "jiangxin.testing.faults", *map(str, args)],
        env=_env(data_dir),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr[-4000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _row(data_dir: Path, job_id: int) -> tuple:
    with sqlite3.connect(data_dir / "jiangxin.sqlite3", timeout=30) as db:
        return db.execute(
            "SELECT state, attempts FROM core_taskprogress WHERE id = ?", (job_id,)
        ).fetchone()


def _wait(predicate, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _processes_with(data_dir: Path) -> list[int]:
    """Live processes started with this test's data dir (a reloader's orphaned child too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"JX_DATA_DIR={data_dir}".encode() in environ and "State:\tZ" not in status:
            found.append(int(entry.name))
    return found


def _worker(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "jx_worker"],
        env=_env(data_dir),
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_job_faults_killed_worker_is_noticed_requeued_and_finishes(tmp_path):
    job = _step(tmp_path, "prepare", 3000)["job"]
    worker = _worker(tmp_path)
    try:
        _wait(lambda: _row(tmp_path, job) == ("running", 1), 120, "the worker to start the job")
        time.sleep(1)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        # DEBUG is on: a worker under the auto-reloader would leave its child running.
        _wait(lambda: not _processes_with(tmp_path), 10, "no worker process left")
        time.sleep(4)  # longer than JX_JOB_STALE_SECONDS: the dead process stopped beating
        seen = _step(tmp_path, "job_page", job)
        assert seen["state"] == "queued" and seen["shown"], seen
        assert "已重新排队" in seen["message"]  # the site speaks zh-Hans by default
    finally:
        worker.kill()
        worker.wait()
    worker = _worker(tmp_path)
    try:
        _wait(lambda: _row(tmp_path, job)[0] in ("done", "failed"), 240, "the job to end")
    finally:
        worker.kill()
        worker.wait()
    final = _step(tmp_path, "state", job)
    assert final == {"state": "done", "attempts": 2, "imported": 3000}, final


def test_job_faults_killed_web_process_fails_visibly_and_is_never_rerun(tmp_path):
    _step(tmp_path, "prepare", 0)  # migrate and the world only (an empty import fails fast)
    web = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "jiangxin.testing.faults", "inline_import", "900"],
        env=_env(tmp_path),
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:

        def running_job():
            with sqlite3.connect(tmp_path / "jiangxin.sqlite3", timeout=30) as db:
                row = db.execute(
                    "SELECT id FROM core_taskprogress WHERE state = 'running' AND inline"
                ).fetchone()
            return row and row[0]

        job = _wait(running_job, 120, "the inline import to start")
        time.sleep(2)
        os.kill(web.pid, signal.SIGKILL)
        web.wait()
    finally:
        web.kill()
        web.wait()
    time.sleep(4)
    seen = _step(tmp_path, "job_page", job)
    assert seen["state"] == "failed" and seen["shown"], seen
    assert "没有保存任何数据" in seen["message"]
    worker = _worker(tmp_path)  # a worker coming up later must not run it again
    try:
        time.sleep(6)
    finally:
        worker.kill()
        worker.wait()
    assert _step(tmp_path, "state", job) == {"state": "failed", "attempts": 1, "imported": 0}
