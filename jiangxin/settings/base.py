"""Settings shared by every environment. Configuration comes from the environment:

JX_SECRET_KEY, DATABASE_URL, JX_ALLOWED_HOSTS, JX_SESSION_IDLE_MINUTES, JX_PII_KEY,
JX_DATA_DIR, JX_TRUST_X_REAL_IP, JX_LOCKOUT_MINUTES, JX_LOGIN_FAILURE_LIMIT, JX_REPLICA_URL,
JX_REPLICA_STICKY_SECONDS (see README.md and docs/scaling.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("JX_DATA_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A PostgreSQL streaming replica for reads (see DATABASES below and docs/scaling.md).
REPLICA_URL = os.environ.get("JX_REPLICA_URL", "")
REPLICA_STICKY_SECONDS = int(os.environ.get("JX_REPLICA_STICKY_SECONDS", "10"))

SECRET_KEY = os.environ.get("JX_SECRET_KEY", "dev-only-insecure-key-change-me")
# The audit chain's HMAC key (core/audit_chain.py; empty: the secret key) and the key of
# encrypted backups (manage.py backup/restore): both from the environment, never the database.
AUDIT_CHAIN_KEY = os.environ.get("JX_AUDIT_KEY", "")
BACKUP_KEY = os.environ.get("JX_BACKUP_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("JX_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "treebeard",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "jiangxin.core",
    "jiangxin.orgs",
    "jiangxin.accounts",
    "jiangxin.people",
    "jiangxin.studios",
    "jiangxin.achievements",
    "jiangxin.selection",
    "jiangxin.competitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jiangxin.core.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jiangxin.core.middleware.QueryTextMiddleware",
    "jiangxin.core.middleware.PrivateCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jiangxin.accounts.middleware.ActiveRoleMiddleware",
    "jiangxin.accounts.middleware.AccountGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jiangxin.core.middleware.HtmxRedirectMiddleware",
]
if REPLICA_URL:
    # Stamps a browser that wrote (any successful request but GET/HEAD): its next reads
    # stay on the primary for REPLICA_STICKY_SECONDS (jiangxin/core/db_router.py).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "jiangxin.core.db_router.ReplicaStickyMiddleware",
    )

ROOT_URLCONF = "jiangxin.urls"
WSGI_APPLICATION = "jiangxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jiangxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiangxin.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'jiangxin.sqlite3'}",
        conn_max_age=int(os.environ.get("JX_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# A PostgreSQL streaming replica (docs/scaling.md): with JX_REPLICA_URL set, list pages,
# dashboards, reports and exports read from the alias "replica" through
# jiangxin.core.db_router; writes, reads inside a transaction and a browser's reads for
# JX_REPLICA_STICKY_SECONDS after it wrote stay on the primary. Without it: one database,
# no router, no middleware. Migrations run on the primary only; the test suite never
# creates a replica database (TEST MIRROR: the alias reads the primary's test database,
# on the replica's server when it is a real one — `pytest -m replica`).
DATABASE_ROUTERS: list[str] = []
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_URL, conn_max_age=int(os.environ.get("JX_DB_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["jiangxin.core.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- passwords and login (MLPS 2.0 level 3 application controls) ---
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "jiangxin.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
# Every password check goes through the login throttle (accounts/throttle.py): the 5th
# failure from one source locks that (user, source) pair; failures from everywhere only
# slow sources the user never logged in from, so nobody can lock someone else out.
AUTHENTICATION_BACKENDS = ["jiangxin.accounts.backends.ThrottledModelBackend"]
JX_LOGIN_FAILURE_LIMIT = int(os.environ.get("JX_LOGIN_FAILURE_LIMIT", "5"))
JX_LOCKOUT_COOLOFF = timedelta(minutes=int(os.environ.get("JX_LOCKOUT_MINUTES", "15")))
# Behind a reverse proxy that sets X-Real-IP (or X-Forwarded-For), JX_TRUST_X_REAL_IP=1
# makes the audit log and the login throttle use the address the proxy reports
# (jiangxin/core/client_ip.py). Never set it without such a proxy: clients could then
# choose the address recorded for them.
JX_TRUST_X_REAL_IP = os.environ.get("JX_TRUST_X_REAL_IP", "") == "1"
# Two-factor (TOTP, django-otp): required for these roles, optional for everyone else.
OTP_TOTP_ISSUER = "jiangxin"
OTP_TOTP_THROTTLE_FACTOR = 1  # a wrong code makes the next wait 1 s, 2 s, 4 s, …
OTP_STATIC_THROTTLE_FACTOR = 1
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_IDLE_MINUTES = int(os.environ.get("JX_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The idle timeout: core.middleware.SessionTouchMiddleware saves a signed-in session (and
# so pushes its expiry) at most once a minute, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- languages and time ---
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jiangxin" / "locale"]
LANGUAGE_COOKIE_NAME = "jx_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One date format per language (jiangxin/formats/<lang>/formats.py): 2026-12-01.
FORMAT_MODULE_PATH = ["jiangxin.formats"]

# --- static files: everything served by jiangxin itself ---
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# "jobs": the live progress of background jobs, written by the worker and read by the web
# processes (jiangxin.core.tasks.task_progress_live). A file cache on the shared data dir
# by default; several hosts would point it at a shared cache server instead.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("JX_JOBS_CACHE_DIR", str(DATA_DIR / "cache" / "jobs")),
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
}
MEDIA_URL = "/media/"

# --- background tasks: a database-backed worker, no broker ---
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose process has not beaten for this long is dead (core/tasks.py).
JX_JOB_STALE_SECONDS = int(os.environ.get("JX_JOB_STALE_SECONDS", "45"))
# An upload is refused before it is read when it unpacks to more, or its cells hold more
# text (core/xlsx_limits.py).
JX_IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("JX_IMPORT_MAX_UNZIPPED_MB", "200")) * 1024 * 1024
JX_IMPORT_MAX_TEXT_CHARS = int(os.environ.get("JX_IMPORT_MAX_TEXT_CHARS", "50000000"))
# Import uploads and error workbooks are deleted after this many days.
JX_IMPORT_FILE_DAYS = int(os.environ.get("JX_IMPORT_FILE_DAYS", "7"))
# SQLite: a file of more rows than this is committed invisibly in chunks (at most this
# many rows, each holding the write lock about HOLD seconds), with a pause between chunks
# so other writers are not kept waiting (core/bulk_insert.py).
JX_IMPORT_CHUNK_ROWS = int(os.environ.get("JX_IMPORT_CHUNK_ROWS", "10000"))
JX_IMPORT_CHUNK_HOLD_S = float(os.environ.get("JX_IMPORT_CHUNK_HOLD_S", "0.15"))
JX_IMPORT_CHUNK_PAUSE_S = float(os.environ.get("JX_IMPORT_CHUNK_PAUSE_S", "0.1"))

# --- security headers (tightened further in production) ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- personal information ---
PII_KEY = os.environ.get("JX_PII_KEY", "")

# --- imports ---
JX_IMPORT_MAX_BYTES = int(os.environ.get("JX_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
JX_IMPORT_MAX_ROWS = int(os.environ.get("JX_IMPORT_MAX_ROWS", "200000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JX_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
