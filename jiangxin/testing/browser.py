"""End-to-end tests in a real headless Chromium (Playwright's sync API).

jiangxin must run fully offline, so every page is opened in a context that:

* blocks (and records) any request to a host other than the live server;
* records browser console errors and uncaught page errors;
* records the status of every response, so a test can check that static files loaded.

`BrowserSession.assert_clean()` fails the test on anything recorded; the `browser_session`
fixtures also call it at teardown. A test that expects an error status (a 404 page, the
429 lockout page) declares it with `allow_error_status()` first.

The browser is the system Chromium at /usr/bin/chromium: it is never downloaded. When it
is missing the tests are skipped, except under CI=true, where they fail.

Use from a conftest:  from jiangxin.testing.browser import browser_session, chromium
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Playwright waits this long (ms) for an element or a navigation before failing.
TIMEOUT_MS = 10_000

__all__ = [
    "DESKTOP",
    "PHONE",
    "BrowserSession",
    "browser_session",
    "chromium",
    "open_browser_session",
    "require_chromium",
]


def require_chromium() -> Path:
    """The system Chromium, or skip (fail under CI=true) with a clear reason."""
    if CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK):
        return CHROMIUM_PATH
    reason = (
        f"browser tests need the system Chromium at {CHROMIUM_PATH} "
        "(install the distribution's chromium package; jiangxin never downloads a browser)"
    )
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio event loop running in this thread, which makes
    Django refuse ORM calls (SynchronousOnlyOperation) from the test itself — the `world`
    fixture, the database flush. DJANGO_ALLOW_ASYNC_UNSAFE is set exactly while that loop
    lives, and the loop stops with the module so that later, non-browser tests keep
    Django's safety check.
    """
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class BrowserSession:
    """One browser context (its own cookies) with one page, pointed at the live server."""

    context: object
    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    _allowed: list[re.Pattern[str]] = field(default_factory=list)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def path(self) -> str:
        """The path (and query) the page shows now."""
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # --- recording ---------------------------------------------------------------------

    def _attach(self) -> None:
        self.context.route("**/*", self._route)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        self.page.on("response", self._on_response)

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        text = f"{message.text} ({location.get('url', '?')}:{location.get('lineNumber', '?')})"
        self.console_errors.append(text)

    def _on_response(self, response) -> None:
        parts = urlsplit(response.url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            self.statuses[parts.path] = response.status

    def allow_console_error(self, pattern: str) -> None:
        """Expect console errors matching this regex (e.g. the log line of a 404 page)."""
        self._allowed.append(re.compile(pattern))

    def allow_error_status(self, status: int, path: str) -> None:
        """Expect the console line Chromium logs when `path` answers `status` (and only it)."""
        self.allow_console_error(
            rf"^Failed to load resource: the server responded with a status of {status}\b"
            rf".*\({re.escape(self.url(path))}:"
        )

    def unexpected_console_errors(self) -> list[str]:
        return [e for e in self.console_errors if not any(p.search(e) for p in self._allowed)]

    def assert_clean(self) -> None:
        problems = []
        if errors := self.unexpected_console_errors():
            problems.append("browser console errors:\n  " + "\n  ".join(errors))
        if self.foreign_requests:
            problems.append(
                f"requests to hosts other than {self.origin} (the app must work offline):\n  "
                + "\n  ".join(self.foreign_requests)
            )
        assert not problems, "\n".join(problems)

    # --- actions -----------------------------------------------------------------------

    def goto(self, path: str):
        """Open a path on the live server; returns Playwright's Response."""
        return self.page.goto(self.url(path))

    def submit(self, click: Callable[[], None]):
        """Run `click` and wait for the page it submits to load; returns the Response."""
        with self.page.expect_navigation() as navigation:
            click()
        return navigation.value

    def login(self, username: str, password: str):
        """Fill and submit the login form (opening it first if needed); returns the Response."""
        if not self.path().startswith("/accounts/login/"):
            self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        response = self.submit(lambda: self.page.click("#jx-login"))
        from jiangxin.accounts.demo import demo_totp_code

        if self.path().startswith("/accounts/otp/verify/"):
            response = self.otp(demo_totp_code())
            if self.path().startswith("/accounts/otp/verify/"):  # this code was used already
                response = self.otp(demo_totp_code(drift=1))
        return response

    def otp(self, code: str):
        """Type a two-factor code (the world's and the demo's users with a second factor
        have the demo authenticator, accounts.demo.DEMO_TOTP_KEY); returns the Response."""
        self.page.fill("#id_token", code)
        return self.submit(lambda: self.page.click("#jx-otp-submit"))

    def pick(self, field: str, text: str, label: str | None = None) -> None:
        """Type `text` into the picker of form field `field` and choose, with the arrow keys
        and Enter, the option whose label is `label` (the first option when None)."""
        box = self.page.locator(f"#id_{field}-search")
        box.click()
        box.press_sequentially(text, delay=20)
        options = self.page.locator(f"#id_{field}-list li[role=option]")
        options.first.wait_for()
        labels = options.evaluate_all("els => els.map(e => e.dataset.label)")
        index = 0 if label is None else labels.index(label)
        for _ in range(index):
            box.press("ArrowDown")
        box.press("Enter")

    def html_lang(self) -> str:
        return self.page.locator("html").get_attribute("lang") or ""

    def switch_language(self, code: str):
        """Pick a language in the header's auto-submitting <select>; returns the Response."""
        return self.submit(lambda: self.page.select_option("#jx-language", code))


def open_browser_session(browser, base_url: str, *, viewport=None) -> BrowserSession:
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport or DESKTOP,
        locale="zh-CN",  # a Chinese browser: jiangxin's default language is zh-hans
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    session = BrowserSession(context=context, page=context.new_page(), base_url=base_url)
    session._attach()
    return session


@pytest.fixture
def browser_session(chromium, live_server) -> Iterator[Callable[..., BrowserSession]]:
    """A factory: `browser_session(viewport=PHONE)` opens a fresh, recorded session.

    Every session it opened is checked (`assert_clean`) and closed at teardown.
    """
    sessions: list[BrowserSession] = []

    def open_session(*, viewport=None) -> BrowserSession:
        session = open_browser_session(chromium, live_server.url, viewport=viewport)
        sessions.append(session)
        return session

    yield open_session
    try:
        for session in sessions:
            session.assert_clean()
    finally:
        for session in sessions:
            session.context.close()
