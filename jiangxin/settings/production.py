"""Production: PostgreSQL (DATABASE_URL), HTTPS only, strict headers. JX_SECRET_KEY is required."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("JX_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set JX_SECRET_KEY to a random string of at least 50 characters.")

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("JX_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"

PII_KEY = os.environ.get("JX_PII_KEY", "")
if len(PII_KEY) < 32:
    raise ImproperlyConfigured("Set JX_PII_KEY to a random secret of at least 32 characters.")
