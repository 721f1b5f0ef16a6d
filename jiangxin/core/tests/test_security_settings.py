import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_security_base_settings_use_argon2_and_idle_timeout():
    from jiangxin.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert base.SESSION_SAVE_EVERY_REQUEST is False  # SessionTouchMiddleware renews it
    assert "jiangxin.core.middleware.SessionTouchMiddleware" in base.MIDDLEWARE
    assert base.JX_LOGIN_FAILURE_LIMIT == 5
    assert base.JX_LOCKOUT_COOLOFF.total_seconds() == 15 * 60


@pytest.mark.parametrize(
    "password",
    ["Ab1!", "abcdefgh", "abcdefg1", "password1", "12345678", "Password"],
)
def test_password_weak_rejected(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Gongjiang-88", "tiE9chang2x", "qilu!craft7"])
def test_password_strong_accepted(password):
    validate_password(password)


def test_security_production_headers(monkeypatch):
    import importlib

    monkeypatch.setenv("JX_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("JX_PII_KEY", "p" * 48)
    import jiangxin.settings.production as prod

    prod = importlib.reload(prod)
    assert prod.SECURE_HSTS_SECONDS >= 31536000
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert prod.SECURE_REFERRER_POLICY == "same-origin"
    assert "'self'" in str(prod.SECURE_CSP["default-src"])


def test_security_csp_and_referrer_headers_sent(client, db):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
