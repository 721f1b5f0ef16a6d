"""Login security in a real browser, on a phone, in Chinese: an auditor without a second
factor must set one up (QR code drawn locally) before anything else and is shown ten
recovery codes; a locked-out account is unlocked by the security administrator, who logs
in with a code from the demo authenticator.

Screenshots go to the test's tmp_path (otp-enrol-390-zh.png, unlock-390-zh.png)."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from jiangxin.testing.browser import PHONE
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def _code_from_secret(secret: str) -> str:
    raw = secret.replace(" ", "")
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_auditor_must_enrol_a_second_factor(world, browser_session, tmp_path):
    TOTPDevice.objects.filter(user=world.auditor).delete()
    s = browser_session(viewport=PHONE)
    page = s.page
    s.login(world.auditor.username, PASSWORD)
    # every page leads to the enrolment until it is done
    s.goto("/audit/")
    assert s.path().startswith("/accounts/otp/enrol/")
    assert s.html_lang() == "zh-hans"
    expect(page.locator("h1")).to_have_text("设置双因素认证")
    expect(page.locator("#jx-otp-required")).to_be_visible()
    qr = page.locator("#jx-otp-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    box = qr.bounding_box()
    assert box is not None and 100 < box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "otp-enrol-390-zh.png"), full_page=True)

    secret = page.locator("#jx-otp-secret").inner_text()
    page.fill("#id_token", _code_from_secret(secret))
    s.submit(lambda: page.click("#jx-otp-submit"))
    expect(page.locator("h1")).to_have_text("恢复码")
    assert page.locator("#jx-otp-codes li").count() == 10
    page.screenshot(path=str(tmp_path / "otp-codes-390-zh.png"), full_page=True)
    s.submit(lambda: page.click("#jx-otp-continue"))
    assert s.path() == "/audit/"
    s.assert_clean()


def test_security_admin_unlocks_a_locked_account(world, browser_session, tmp_path):
    victim = browser_session(viewport=PHONE)
    victim.allow_error_status(429, "/accounts/login/")
    for attempt in range(5):
        victim.login(world.admin_a.username, f"wrong-{attempt}")
    assert victim.login(world.admin_a.username, PASSWORD).status == 429

    s = browser_session(viewport=PHONE)
    page = s.page
    s.login(world.security.username, PASSWORD)  # password, then the demo authenticator's code
    assert s.path() == "/"
    s.goto("/accounts/security/lockouts/")
    expect(page.locator("h1")).to_have_text("登录失败与账号锁定")
    row = page.locator("#jx-locked-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(world.admin_a.username)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "unlock-390-zh.png"), full_page=True)
    s.submit(lambda: row.get_by_role("button", name="解锁").click())
    expect(page.locator("#jx-locked-table")).to_have_count(0)
    expect(page.get_by_text("当前没有被锁定的账号。")).to_be_visible()

    assert victim.login(world.admin_a.username, PASSWORD).status == 200
    assert victim.path() == "/"
    s.assert_clean()
