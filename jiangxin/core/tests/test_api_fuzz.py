"""Schemathesis generates requests for every API operation from the OpenAPI schema —
valid, borderline and hostile values, path ids that exist and ids that don't — and sends
them through the WSGI application as a federation admin with a write token. No answer may
be a server error. (CI runs this on SQLite and PostgreSQL, with `make test` and
`make test-pg`.)"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from jiangxin.testing.crossorg import api_client

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def token_headers(world):
    """A write token, and the test's database connection kept open across the WSGI calls
    (as Django's test client does: a request's end would otherwise close it, and on
    PostgreSQL the next request would find it closed)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    _client, headers = api_client(world.province_admin)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": headers["HTTP_AUTHORIZATION"]}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_fuzz_no_server_errors(case, token_headers):
    response = case.call(headers=token_headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}: "
        f"{response.text[:300]}"
    )
