"""Fault injection for `core/tests/test_job_faults.py` (only in
`jiangxin.testing.fault_settings`): a job's first attempt is slowed down at each progress
step, so that the test can kill its process in the middle of the import. A second
attempt runs at full speed."""

import time

from django.apps import AppConfig


class FaultAppConfig(AppConfig):
    name = "jiangxin.testing.fault_app"
    label = "fault_app"

    def ready(self):
        from jiangxin.core import tasks

        step = tasks.Progress.step

        def slow_first_attempt(self, n=1):
            if self.job.attempts <= 1:
                time.sleep(min(10.0, 0.01 * n))
            step(self, n)

        tasks.Progress.step = slow_first_attempt
