"""Test helpers for the REST API: a client with a user's Bearer token of a given scope,
and JSON writes."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.test import Client

from jiangxin.accounts.models import TokenScope


@dataclass
class ApiClient:
    """A client sending `user`'s token on every call."""

    client: Client
    headers: dict

    def get(self, url: str, params=None):
        return self.client.get(url, params or {}, **self.headers)

    def _send(self, method: str, url: str, body, content_type="application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            url, data=data, content_type=content_type, **self.headers
        )

    def post(self, url: str, body=None):
        return self._send("post", url, {} if body is None else body)

    def patch(self, url: str, body=None):
        return self._send("patch", url, {} if body is None else body)

    def send(self, method: str, url: str, body=None):
        return self._send(method.lower(), url, {} if body is None else body)


def api_as(user, scope: str = TokenScope.WRITE, days: int = 90, lang: str = "") -> ApiClient:
    """A client with a new token of `user`; `lang` is sent as Accept-Language (the API
    answers in Chinese by default)."""
    from jiangxin.accounts.services import api_token_create

    _token, raw = api_token_create(actor=user, name=f"test-{scope}", scope=scope, days=days)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if lang:
        headers["HTTP_ACCEPT_LANGUAGE"] = lang
    return ApiClient(Client(), headers)


def field_errors(response) -> dict[str, list[str]]:
    """{field: [messages]} of an error response (422 or 400)."""
    body = response.json()
    assert set(body) == {"errors"}, body
    out: dict[str, list[str]] = {}
    for e in body["errors"]:
        assert set(e) == {"field", "message"}, e
        out.setdefault(e["field"], []).append(e["message"])
    return out
