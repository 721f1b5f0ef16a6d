"""Crafted query parameters on every list page, API list and export (the lists each app
declares in `tests/lists.py`) are a 400 with a message or a page that ignores them — never
a server error. Cursors are opaque to the user but not to an attacker: they are base64
JSON the server decodes, so each is tried with the wrong shape, the wrong types, numbers
out of range and text no database takes."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from jiangxin.core.tests.test_list_queries_meta import lists
from jiangxin.testing.crossorg import api_client
from jiangxin.testing.exports import export_get


def _cursor(values) -> str:
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# A lone surrogate as a browser or a script sends it: percent-encoded bytes that are not
# UTF-8 (the test client cannot encode the character itself).
SURROGATE = "%ED%A0%80"

CURSORS = [
    "!!!",
    "%%%",
    "AAAA" * 300,
    _cursor({"a": 1}),
    _cursor([]),
    _cursor(["abc"]),
    _cursor(["abc", "abc"]),
    _cursor(["abc", "abc", "abc"]),
    _cursor([None, None]),
    _cursor([10**30, 10**30]),
    _cursor([-(10**30)]),
    _cursor([1e308, 1]),
    _cursor([[1], {"x": 2}]),
    _cursor(["2024-99-99", 1]),
    _cursor(["\ud800", 1]),
    _cursor(["\x00", 1]),
    _cursor([True, False]),
]

PARAMS = {
    "q": [SURROGATE, "\x00", "a" * 5000, "%_%", "'; DROP TABLE x; --"],
    "date_from": ["2024-99-99", "99999-01-01", SURROGATE],
    "date_to": ["2024-02-30", "-1"],
    "year": ["99999", "-5", "1e9", SURROGATE, "9" * 40],
    "size": ["-1", "0", "999999999999", "abc"],
    "limit": ["-1", "999999999999", "abc"],
    "status": [SURROGATE, "nope"],
    "org": ["abc", "-1", "9" * 40],
    "level": [SURROGATE],
}


def _client(world, grow):
    user = grow.user(world) if callable(grow.user) else getattr(world, grow.user or "", None)
    if grow.api:
        return api_client(user)
    return world.client(user), {}


@pytest.mark.parametrize("name", sorted(lists()))
def test_bad_input_meta_crafted_params_never_500(world, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grow = lists()[name]
    grow.add(world, 3)
    client, headers = _client(world, grow)
    url = reverse(name)
    tries = [{"cursor": c} for c in CURSORS]
    tries += [{key: value} for key, values in PARAMS.items() for value in values]
    failures = []
    for extra in tries:
        query = urlencode({**grow.params, **extra}).replace("%25ED%25A0%2580", SURROGATE)
        response = export_get(client, f"{url}?{query}", **headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        if response.status_code >= 500 or response.status_code not in (200, 400, 404, 422):
            failures.append((extra, response.status_code))
    assert not failures, f"{name}: {failures}"
