"""Settings of the fault tests (`core/tests/test_job_faults.py`): the development settings
(DEBUG on, as under `make run`) on a SQLite file in JX_DATA_DIR, shared by a worker, a
"web" process and the test, with dead processes noticed after 3 seconds, and a job's first attempt slowed down
(`jiangxin/testing/fault_app`) so that it can be killed mid-import."""

from jiangxin.settings.dev import *  # noqa: F403

JX_JOB_STALE_SECONDS = 3
INSTALLED_APPS = [*INSTALLED_APPS, "jiangxin.testing.fault_app"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
