import pytest

from jiangxin.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _clear_caches():
    """A job's live progress is keyed by its pk, which a later test may reuse."""
    from django.core.cache import caches

    from jiangxin.core.calendar import calendar_cache_clear

    for alias in ("default", "jobs"):
        caches[alias].clear()
    calendar_cache_clear()  # a test's calendar rows are rolled back with it
    yield


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's superuser client, signed in past the second factor a superuser
    owes (accounts/otp.py)."""
    from django.test import Client

    from jiangxin.testing.world import login_past_second_factor

    client = Client()
    login_past_second_factor(client, admin_user)
    return client
