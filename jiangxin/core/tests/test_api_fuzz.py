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
    _client, headers = api_client(world.province_admin)
    return {"Authorization": headers["HTTP_AUTHORIZATION"]}


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
