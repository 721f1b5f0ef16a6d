"""API tokens: a scope (read, or read and write) and an expiry chosen on the API tokens
page and shown there; expired tokens refused with 401, read tokens refused on writes
with 403, both saying why; the last use recorded."""

import importlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin.accounts import services
from jiangxin.accounts.models import ApiToken, TokenScope
from jiangxin.core.models import AuditEvent
from jiangxin.testing.api import api_as

pytestmark = pytest.mark.django_db


def test_api_token_page_chooses_scope_and_expiry(world):
    client = world.client(world.admin_a)
    url = reverse("accounts:api_tokens")
    page = client.get(url).content.decode()
    assert 'name="scope"' in page and 'name="days"' in page
    response = client.post(url, {"name": "hr-sync", "scope": "write", "days": "365"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.admin_a)
    assert token.scope == TokenScope.WRITE
    assert abs(token.expires_at - (timezone.now() + timedelta(days=365))) < timedelta(minutes=1)
    body = response.content.decode()
    assert str(TokenScope.WRITE.label) in body
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in body
    audit = AuditEvent.objects.get(action="api_token.create")
    assert audit.details["scope"] == "write"


def test_api_token_page_defaults_to_read_only_for_90_days(world):
    client = world.client(world.admin_a)
    client.post(reverse("accounts:api_tokens"), {"name": "report"})
    token = ApiToken.objects.get(user=world.admin_a)
    assert token.scope == TokenScope.READ
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)


def test_api_token_page_refuses_more_than_a_year(world):
    client = world.client(world.admin_a)
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "forever", "scope": "admin", "days": "3650"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "days" in errors and "scope" in errors
    assert not ApiToken.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.api_token_create(actor=world.admin_a, name="x", days=366)
    assert "days" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.api_token_create(actor=world.admin_a, name="x", scope="root")
    assert "scope" in exc.value.error_dict


def test_api_token_page_marks_expired_tokens(world):
    token, _raw = services.api_token_create(actor=world.admin_a, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    page = world.client(world.admin_a).get(reverse("accounts:api_tokens")).content.decode()
    assert "old" in page and "已过期" in page


def test_api_token_expired_answers_401_saying_so(world):
    api = api_as(world.admin_a, scope=TokenScope.READ, lang="en")
    assert api.get("/api/v1/orgs/").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get("/api/v1/orgs/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"] and "API tokens page" in response.json()["detail"]
    # An unknown token is a plain 401.
    api.headers["HTTP_AUTHORIZATION"] = "Bearer jx_nothing"
    assert api.get("/api/v1/orgs/").status_code == 401


def test_api_token_read_scope_refused_on_writes_with_403(world):
    api = api_as(world.admin_a, scope=TokenScope.READ, lang="en")
    response = api.post("/api/v1/people/workers", {})
    assert response.status_code == 403
    assert "“write”" in response.json()["detail"]
    zh = api_as(world.admin_a, scope=TokenScope.READ)
    assert "“write”" in zh.post("/api/v1/people/workers", {}).json()["detail"]


def test_api_token_last_use_recorded(world):
    api = api_as(world.admin_a)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    api.get("/api/v1/orgs/")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)
    page = world.client(world.admin_a).get(reverse("accounts:api_tokens")).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in page


def test_api_token_migration_makes_existing_tokens_read_only():
    """Tokens created before scopes existed become read-only, expiring 90 days on."""
    migration = importlib.import_module("jiangxin.accounts.migrations.0002_api_token_scope_expiry")
    fields = {op.name: op.field for op in migration.Migration.operations}
    assert fields["scope"].default == TokenScope.READ
    expiry = fields["expires_at"].default()
    assert abs(expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
