"""The bench's HTTP load test serves the site with `manage.py jx_serve` on these settings:
the development settings (the key of var/pii.key that seeded the rows) with DEBUG off, as
in production."""

from jiangxin.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
