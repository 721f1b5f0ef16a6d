"""Every list page, API list and export declared in an app's `tests/lists.py` shows its
user's new rows to that user and none of them to a stranger: the same role at a sibling
org (the owner/stranger convention of `jiangxin/testing/crossorg.py`).

For each list: the owner's and the stranger's responses are read, `Grow.add` adds rows
the owner sees, and both are read again. The rows' words are what the owner's response
gained (minus what changes between two identical requests: CSRF tokens and the like);
the owner must have gained some, and the stranger's response must not have gained any
of them. Comparing the stranger's response before and after the rows were added keeps
the test independent of what each list shows (HTML, JSON or a spreadsheet). Remove the
scope from a list's selector and the stranger sees the rows: the test fails.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from jiangxin.testing.crossorg import api_client
from jiangxin.testing.exports import export_get
from jiangxin.testing.lists import Grow
from jiangxin.testing.urlwalk import app_declarations

# The owner of each kind of list and the stranger who holds the same role at a sibling.
STRANGERS = {
    "admin_a": "admin_b",
    "city_staff": "other_city_staff",
    "city_admin": "other_city_admin",
}
# Lists whose user has no sibling with the same role, with the reason.
NO_STRANGER = {
    None: "a public page: every row is for everyone",
    "province_admin": "the world's top org: no sibling province",
    "auditor": "held at the province: no sibling province",
    "security": "held at the province: no sibling province",
}

# Declared lists this test cannot judge, with the reason.
NOT_JUDGED = {
    "api:honour_types": "honour types are not org-owned: everyone reads the same list",
    "api:orgs_list": "without ?parent= it is the user's own org only (the grown branches are "
    "its children; orgs:list and orgs:export read them through the same selector)",
    "api:selection_certificates_list": "the grown campaign awards people of both sibling "
    "enterprises, so each legitimately gains rows (certificate_q has its own tests)",
}

WORD = re.compile(r"[^\s<>\"'=,;:/()\[\]{}&#|]{2,}")


def _lists() -> dict[str, Grow]:
    return app_declarations("lists", "LISTS")


def _checked() -> list[str]:
    return sorted(
        n
        for n, g in _lists().items()
        if isinstance(g.user, str) and g.user in STRANGERS and n not in NOT_JUDGED
    )


def _words(response) -> set[str]:
    if hasattr(response, "streaming_content"):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    kind = response.get("Content-Type", "")
    if "spreadsheet" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as book:  # the cells' text, from the XML
            xml = " ".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/"))
        text = re.sub(r"<[^>]+>", " ", xml)
    elif "json" in kind:
        text = " ".join(_leaves(json.loads(body)))
    else:
        text = body.decode("utf-8", "replace")
    return set(WORD.findall(text))


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    elif value is not None:
        yield str(value)


class _Reader:
    def __init__(self, world, user, grow: Grow, name: str):
        self.client, self.headers = api_client(user) if grow.api else (world.client(user), {})
        self.url, self.params = reverse(name), grow.params

    def __call__(self) -> set[str]:
        response = export_get(self.client, self.url, self.params, **self.headers)
        assert response.status_code == 200, f"{self.url} answered {response.status_code}"
        return _words(response)


def test_cross_org_lists_meta_every_list_is_checked_or_has_a_reason():
    unchecked = {
        n: g.user
        for n, g in _lists().items()
        if not (isinstance(g.user, str) and g.user in STRANGERS)
        and not callable(g.user)
        and g.user not in NO_STRANGER
    }
    assert not unchecked, f"lists whose user has no stranger in STRANGERS: {unchecked}"
    assert len(_checked()) >= 15


@pytest.mark.parametrize("name", _checked())
def test_cross_org_lists_meta_stranger_sees_none_of_the_rows(world, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grow = _lists()[name]
    owner = _Reader(world, getattr(world, grow.user), grow, name)
    stranger = _Reader(world, getattr(world, STRANGERS[grow.user]), grow, name)
    owner_before, noise = owner(), owner()
    noise ^= owner_before  # what changes by itself between two identical requests
    stranger_before = stranger()

    grow.add(world, 3)

    rows = owner() - owner_before - noise
    assert rows, f"{name}: the owner's response shows none of the added rows"
    leaked = (stranger() - stranger_before) & rows
    assert not leaked, f"{name}: the stranger sees the owner's new rows: {sorted(leaked)[:10]}"
