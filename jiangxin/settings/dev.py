"""Local development and the `make run` demo: SQLite under var/ unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = True


def _dev_pii_key() -> str:
    """Development and the demo only: without JX_PII_KEY, a random key kept in var/pii.key
    (outside the database, like production's environment key)."""
    import os
    import secrets

    from .base import DATA_DIR

    path = DATA_DIR / "pii.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        os.chmod(path, 0o600)
    return path.read_text().strip()


PII_KEY = PII_KEY or _dev_pii_key()  # noqa: F405
