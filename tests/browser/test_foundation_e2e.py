"""The foundation's acceptance scenario, in a real headless Chromium.

An enterprise admin logs in through the form, browses the tree (htmx search without a
reload), opens the enterprise, switches the language and back, is refused a sibling
enterprise (404), and logs out; the header menu works on a phone; five wrong passwords
lock the account. Every page must load offline (no other host) without console errors.

The zh-hans catalogue may not be compiled yet, so translated strings are only asserted in
English; the Chinese side is checked through <html lang>.
"""

import re

import pytest
from playwright.sync_api import expect

from jiangxin.testing.browser import PHONE
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser

STATIC_FILES = ["/static/vendor/htmx.min.js", "/static/jiangxin/app.css"]
# The lockout notice, in English or in Chinese (the zh-hans catalogue may not be compiled).
LOCKED = re.compile(r"locked|锁定")


def test_enterprise_admin_walks_the_foundation(world, browser_session):
    s = browser_session()
    page = s.page

    # Log in through the form; the UI starts in Simplified Chinese.
    response = s.goto("/orgs/")
    assert response.status == 200
    assert s.path().startswith("/accounts/login/?next=/orgs/")
    assert s.html_lang() == "zh-hans"
    for path in STATIC_FILES:
        assert s.statuses.get(path) == 200, f"{path} did not load: {s.statuses.get(path)}"
    expect(page.locator(".jx-menu-toggle button")).to_be_hidden()  # desktop: no toggle
    response = s.login(world.admin_a.username, PASSWORD)
    assert response.status == 200
    assert s.path() == "/orgs/"  # back where the login interrupted
    expect(page.locator("details.dropdown summary")).to_have_text(str(world.admin_a))

    # The tree starts at the admin's own enterprise; nothing of the sibling shows.
    results = page.locator("#org-results")
    expect(results.get_by_role("link", name=world.ent_a.name, exact=True)).to_be_visible()
    expect(results).not_to_contain_text(world.ent_b.name)

    # Search: htmx swaps #org-results in place (no reload) and pushes the URL.
    page.evaluate("window.__marker = 1")
    with page.expect_response(
        lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"
    ) as search:
        page.fill("input[name=q]", "炼钢")
    assert search.value.status == 200
    expect(results.get_by_role("link", name=world.branch_a1.name)).to_be_visible()
    expect(results).not_to_contain_text(world.ent_a.name)
    assert page.evaluate("window.__marker") == 1, "the search reloaded the whole page"
    expect(page).to_have_url(re.compile(r"/orgs/\?(.+&)?q="))

    # Down to the branch, then up its breadcrumb to the enterprise.
    s.submit(lambda: results.get_by_role("link", name=world.branch_a1.name).click())
    assert s.path() == f"/orgs/{world.branch_a1.pk}/"
    expect(page.locator("h1")).to_have_text(world.branch_a1.name)
    breadcrumb = page.locator("nav.jx-breadcrumb")
    expect(breadcrumb).not_to_contain_text(world.county.name)  # above the admin's scope
    s.submit(lambda: breadcrumb.get_by_role("link", name=world.ent_a.name).click())
    assert s.path() == f"/orgs/{world.ent_a.pk}/"
    expect(page.locator("h1")).to_have_text(world.ent_a.name)
    expect(page.locator(".jx-facts")).to_contain_text(world.ent_a.uscc)

    # Language: zh-hans -> English (same page, English UI) -> back to zh-hans.
    response = s.switch_language("en")
    assert response.status == 200
    assert s.path() == f"/orgs/{world.ent_a.pk}/"
    assert s.html_lang() == "en"
    expect(page.locator("#jx-logout")).to_have_text("Log out")
    expect(page.locator("#jx-nav").get_by_role("link", name="Organisations")).to_be_visible()
    expect(page.locator("#jx-language")).to_have_value("en")
    s.switch_language("zh-hans")
    assert s.path() == f"/orgs/{world.ent_a.pk}/"
    assert s.html_lang() == "zh-hans"
    expect(page.locator("#jx-language")).to_have_value("zh-hans")
    expect(page.locator("h1")).to_have_text(world.ent_a.name)

    # A sibling enterprise is not even admitted to exist.
    s.allow_error_status(404, f"/orgs/{world.ent_b.pk}/")
    response = s.goto(f"/orgs/{world.ent_b.pk}/")
    assert response.status == 404
    assert world.ent_b.name not in page.content()

    # Log out through the user menu and land on the login page.
    s.goto(f"/orgs/{world.ent_a.pk}/")
    page.click("details.dropdown summary")
    expect(page.locator("#jx-logout")).to_be_visible()
    response = s.submit(lambda: page.click("#jx-logout"))
    assert response.status == 200
    assert s.path() == "/accounts/login/"
    expect(page.locator("#jx-login")).to_be_visible()
    expect(page.locator("details.dropdown")).to_have_count(0)
    s.goto("/orgs/")  # the session is really gone
    assert s.path().startswith("/accounts/login/")

    s.assert_clean()


def test_phone_menu_toggle_opens_the_nav(world, browser_session):
    s = browser_session(viewport=PHONE)
    page = s.page
    s.login(world.admin_a.username, PASSWORD)
    assert s.path() == "/"

    toggle = page.locator(".jx-menu-toggle button")
    nav = page.locator("#jx-nav")
    expect(toggle).to_be_visible()
    expect(nav).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.locator('a[href="/orgs/"]')).to_be_visible()
    expect(page.locator("#jx-language")).to_be_visible()
    box = nav.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]  # fits the screen

    toggle.click()
    expect(nav).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    s.assert_clean()


def test_five_wrong_passwords_lock_the_account(world, browser_session):
    s = browser_session()
    page = s.page
    user = world.admin_a.username
    s.allow_error_status(429, "/accounts/login/")  # the lockout page's status

    for attempt in range(1, 5):
        response = s.login(user, f"wrong-{attempt}")
        assert response.status == 200, f"attempt {attempt}"
        expect(page.locator(".jx-form-errors")).to_be_visible()
        assert not LOCKED.search(page.locator("main").inner_text())

    response = s.login(user, "wrong-5")
    assert response.status == 429
    main = page.locator("main")
    expect(main).to_contain_text(LOCKED)
    expect(page.get_by_role("alert").filter(has_text=LOCKED)).to_be_visible()

    # Locked means locked: even the right password is refused now.
    response = s.login(user, PASSWORD)
    assert response.status == 429
    expect(main).to_contain_text(LOCKED)
    s.goto("/")
    assert s.path().startswith("/accounts/login/")

    s.assert_clean()
