import pytest

from jiangxin.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _clear_caches():
    """A job's live progress is keyed by its pk, which a later test may reuse."""
    from django.core.cache import caches

    for alias in ("default", "jobs"):
        caches[alias].clear()
    yield
