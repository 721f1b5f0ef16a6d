"""Login throttling by (user, source), the admin site's login, the client address behind a
proxy, and the audit of invalid tokens and refused objects."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from jiangxin.accounts import services, throttle
from jiangxin.accounts.models import LoginThrottle
from jiangxin.core.client_ip import client_ip
from jiangxin.core.models import AuditEvent
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="127.0.0.1", path=None):
    return client.post(
        path or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_lockout_from_one_source_leaves_the_user_their_own(world):
    attacker, user = Client(), Client()
    for attempt in range(5):
        _login(attacker, "admin_a", f"wrong-{attempt}", ip="203.0.113.7")
    assert _login(attacker, "admin_a", PASSWORD, ip="203.0.113.7").status_code == 429
    # the real user, elsewhere, is not locked out
    response = _login(user, "admin_a", PASSWORD, ip="10.1.2.3")
    assert response.status_code == 302
    assert "_auth_user_id" in user.session


def test_lockout_grows_each_time_the_same_source_is_locked(world):
    for _ in range(5):
        _login(Client(), "admin_a", "wrong", ip="203.0.113.7")
    pair = LoginThrottle.objects.get(username="admin_a", ip="203.0.113.7")
    first = pair.locked_until - pair.last_failure_at
    LoginThrottle.objects.filter(pk=pair.pk).update(locked_until=timezone.now())
    for _ in range(5):
        _login(Client(), "admin_a", "wrong", ip="203.0.113.7")
    pair.refresh_from_db()
    assert first == timedelta(minutes=15)
    assert pair.locked_until - pair.last_failure_at == 2 * first


def test_failures_from_many_sources_slow_new_sources_only(world):
    # a botnet: two failures each from many addresses, never locking one of them
    for n in range(throttle.SLOW_AFTER):
        _login(Client(), "admin_a", "wrong", ip=f"198.51.100.{n}")
    slowed = _login(Client(), "admin_a", PASSWORD, ip="198.51.100.200")
    assert slowed.status_code == 429
    assert "_auth_user_id" not in slowed.wsgi_request.session
    assert AuditEvent.objects.filter(action="login.slowed", username="admin_a").exists()
    assert not LoginThrottle.objects.filter(locked_until__isnull=False).exists()


def test_failures_from_many_sources_never_slow_the_usual_source(world):
    assert _login(Client(), "admin_a", PASSWORD, ip="10.1.2.3").status_code == 302
    for n in range(throttle.SLOW_AFTER + 5):
        _login(Client(), "admin_a", "wrong", ip=f"198.51.100.{n}")
    assert _login(Client(), "admin_a", PASSWORD, ip="10.1.2.3").status_code == 302


def test_slow_delay_grows_and_is_bounded():
    delays = [throttle._slow_delay(n) for n in range(throttle.SLOW_AFTER + 12)]
    assert delays[: throttle.SLOW_AFTER] == [0] * throttle.SLOW_AFTER
    grown = delays[throttle.SLOW_AFTER :]
    assert grown == sorted(grown) and grown[0] == 2 and grown[-1] == throttle.SLOW_MAX_SECONDS


def test_admin_login_is_the_same_throttled_audited_login(world):
    client = Client()
    response = _login(client, "admin_a", "wrong", path="/admin/login/?next=/admin/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="login", username="admin_a", result="failure").exists()
    for _ in range(4):
        _login(client, "admin_a", "wrong", path="/admin/login/")
    assert _login(client, "admin_a", PASSWORD, path="/admin/login/").status_code == 429
    assert AuditEvent.objects.filter(action="login.lockout", username="admin_a").exists()


def test_admin_login_asks_for_the_second_factor(world):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "province_admin", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get("/admin/").status_code == 302


def test_security_page_lists_and_unlocks_audited(world):
    for _ in range(5):
        _login(Client(), "admin_a", "wrong", ip="203.0.113.7")
    page = world.client(world.security).get(reverse("accounts:lockouts"))
    assert page.status_code == 200
    assert [(r.username, r.ip) for r in page.context["locked"]] == [("admin_a", "203.0.113.7")]
    response = world.client(world.security).post(
        reverse("accounts:lockouts"), {"unlock": "admin_a"}
    )
    assert response.status_code == 302
    assert not throttle.throttle_locked().exists()
    assert _login(Client(), "admin_a", PASSWORD, ip="203.0.113.7").status_code == 302
    event = AuditEvent.objects.get(action="lockout.reset")
    assert event.username == "security" and event.details["username"] == "admin_a"


def test_security_page_is_the_security_admins_only(world):
    for user in (world.province_admin, world.auditor, world.admin_a):
        assert world.client(user).get(reverse("accounts:lockouts")).status_code == 404
        response = world.client(user).post(reverse("accounts:lockouts"), {"unlock": "admin_a"})
        assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="lockout.reset").exists()


# --- the client address -----------------------------------------------------------------


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)


def test_client_ip_ignores_proxy_headers_unless_trusted():
    request = _request(HTTP_X_REAL_IP="1.2.3.4", HTTP_X_FORWARDED_FOR="5.6.7.8")
    with override_settings(JX_TRUST_X_REAL_IP=False):
        assert client_ip(request) == "10.0.0.1"


@override_settings(JX_TRUST_X_REAL_IP=True)
def test_client_ip_behind_trusted_proxy():
    assert client_ip(_request(HTTP_X_REAL_IP="1.2.3.4")) == "1.2.3.4"
    # X-Forwarded-For: only the last hop (the one the proxy saw) counts
    spoofed = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 5.6.7.8")
    assert client_ip(spoofed) == "5.6.7.8"
    assert client_ip(_request(HTTP_X_REAL_IP="not-an-ip")) == "10.0.0.1"
    assert client_ip(_request()) == "10.0.0.1"


def test_trust_setting_read_from_environment(monkeypatch):
    import importlib

    from jiangxin.settings import base

    monkeypatch.setenv("JX_TRUST_X_REAL_IP", "1")
    assert importlib.reload(base).JX_TRUST_X_REAL_IP is True
    monkeypatch.delenv("JX_TRUST_X_REAL_IP")
    assert importlib.reload(base).JX_TRUST_X_REAL_IP is False


@override_settings(JX_TRUST_X_REAL_IP=True)
def test_audit_and_throttle_use_the_proxied_address(world):
    Client().post(
        reverse("accounts:login"),
        {"username": "admin_a", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="192.0.2.44",
    )
    assert AuditEvent.objects.get(action="login", result="failure").ip == "192.0.2.44"
    assert LoginThrottle.objects.filter(username="admin_a", ip="192.0.2.44").exists()


# --- audit of invalid tokens and refused objects --------------------------------------------


def test_invalid_api_token_audited_once_a_minute(world):
    client = Client()
    for _ in range(3):
        response = client.get("/api/v1/orgs/", HTTP_AUTHORIZATION="Bearer jx_guessedtoken123")
        assert response.status_code == 401
    events = AuditEvent.objects.filter(action="api_token.invalid")
    assert events.count() == 1
    event = events.get()
    assert event.result == "denied" and event.details == {"reason": "unknown", "prefix": "guessedt"}
    assert "jx_guessedtoken123" not in str(event.details)


def test_expired_api_token_audited(world):
    token, raw = services.api_token_create(actor=world.admin_a, name="etl")
    token.expires_at = timezone.now() - timedelta(days=1)
    token.save()
    assert Client().get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert AuditEvent.objects.get(action="api_token.invalid").details["reason"] == "expired"


def test_cross_org_404_audited_at_most_once_a_minute(world):
    client = world.client(world.admin_b)
    url = reverse("accounts:user_detail", args=[world.worker_a.pk])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    events = AuditEvent.objects.filter(action="access.denied")
    assert events.count() == 1
    event = events.get()
    assert event.username == "admin_b" and event.result == "denied"
    assert event.details["kind"] == "scope" and event.details["model"] == "accounts.user"
    assert event.details["path"] == url


def test_missing_object_404_not_audited(world):
    client = world.client(world.admin_b)
    assert client.get(reverse("accounts:user_detail", args=[999999])).status_code == 404
    assert not AuditEvent.objects.filter(action="access.denied").exists()


def test_denial_of_a_write_audited(world):
    client = world.client(world.admin_b)
    response = client.post(
        reverse("accounts:user_active", args=[world.worker_a.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", username="admin_b").exists()


def test_throttle_purge_keeps_locks_recent_failures_and_known_sources(world):
    now = timezone.now()
    day = timedelta(days=1)
    rows = {
        "sprayed": {"failures": 3, "last_failure_at": now - 2 * day},  # made-up name: goes
        "locked": {"lockouts": 1, "last_failure_at": now - 2 * day, "locked_until": now + day},
        "recent": {"failures": 2, "last_failure_at": now - timedelta(hours=3)},
        "known": {"last_success_at": now - 30 * day},
        "forgotten": {"last_success_at": now - 400 * day},
    }
    for name, fields in rows.items():
        LoginThrottle.objects.create(username=name, ip="198.51.100.1", **fields)
    assert throttle.throttle_purge(now=now) == 2
    left = set(LoginThrottle.objects.values_list("username", flat=True))
    assert {"locked", "recent", "known"} <= left
    assert not {"sprayed", "forgotten"} & left


def test_throttle_purge_is_housekeeping_the_worker_runs(world):
    from jiangxin.core.tasks import housekeeping_run

    LoginThrottle.objects.create(
        username="sprayed", ip="198.51.100.1", last_failure_at=timezone.now() - timedelta(days=2)
    )
    assert housekeeping_run() == {"jiangxin.accounts.throttle.throttle_purge": 1}
    assert not LoginThrottle.objects.filter(username="sprayed").exists()
