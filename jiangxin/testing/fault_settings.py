"""Settings of the fault tests (`core/tests/test_job_faults.py`): the development settings
(DEBUG on, as under `make run`) on a SQLite file in JX_DATA_DIR, shared by a worker, a
"web" process and the test, with dead processes noticed after 3 seconds."""

from jiangxin.settings.dev import *  # noqa: F403

JX_JOB_STALE_SECONDS = 3
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
