"""Browser (end-to-end) tests: a real headless Chromium against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test thread, so Django's ORM needs
DJANGO_ALLOW_ASYNC_UNSAFE=true there; the `chromium` fixture sets it in os.environ for
exactly as long as that loop runs (see jiangxin/testing/browser.py).

The live server is a LiveServerThread with Django's StaticFilesHandler, so /static/ is
served through the staticfiles finders (build/static/vendor after `make assets`, and the
apps' static folders), no collectstatic needed.
"""

import pytest

from jiangxin.testing.browser import browser_session, chromium  # noqa: F401
from jiangxin.testing.world import World, build_world


@pytest.fixture
def world(transactional_db, live_server) -> World:
    """The shared cast, committed for real so that the live server's thread sees it."""
    return build_world()
