"""The cross-org meta-test: every object URL, requested by a stranger (the same role at a
sibling org) with every HTTP method, answers 404 — and answers the owner.

See `jiangxin/testing/crossorg.py` for what a probe is. A URL with a path parameter that
is not an org-owned object is listed in NOT_OBJECT_URLS with the reason.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from jiangxin.accounts.models import RoleAssignment
from jiangxin.core.models import AuditEvent
from jiangxin.testing.crossorg import Probe, Target, api_client
from jiangxin.testing.urlwalk import app_declarations, has_parameter, named_urls
from jiangxin.testing.world import force_login_verified

# URL names (or namespace prefixes) with parameters that are not org-owned objects.
NOT_OBJECT_URLS = {
    "admin:": "Django admin: staff only, scoped by ScopedAdminMixin",
    "set_language": "the language, not an object",
    "javascript-catalog": "the language, not an object",
    "documents:verify": "public by design: a signed token, not an org-owned object",
    "announcements:": "公示 pages and the objection form: public by design",
    "showcase:": "public by design; test_cross_org.py of studios proves what is not public 404s",
    "core:import_upload": "the name of an import, not an object (permission tests cover it)",
    "core:import_template": "the name of an import, not an object (permission tests cover it)",
    "core:pick": "the kind of a picker, not an object; test_pickers.py: no option of a sibling",
}
PAGE_METHODS = ("get", "post")
API_METHODS = ("get", "post", "put", "patch", "delete")


def object_url_names() -> set[str]:
    return {
        name
        for name, pattern in named_urls()
        if has_parameter(pattern) and not any(name.startswith(skip) for skip in NOT_OBJECT_URLS)
    }


def probes() -> dict[str, Probe]:
    return app_declarations("test_cross_org", "CROSS_ORG")


def test_cross_org_meta_every_object_url_has_a_probe():
    missing = object_url_names() - set(probes())
    assert not missing, f"object URLs without a cross-org probe: {sorted(missing)}"


def test_cross_org_meta_finds_object_urls_of_every_app():
    names = object_url_names()
    for expected in (
        "orgs:detail",
        "people:worker_detail",
        "studios:detail",
        "achievements:detail",
        "selection:campaign_detail",
        "api:orgs_detail",
        "api:workers_detail",
        "api:studios_detail",  # the studios API is mounted
        "api:achievements_detail",
        "api:selection_campaigns_detail",
    ):
        assert expected in names


def _roles(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def _api_example(url: str, method: str) -> dict:
    """The request example of the API operation behind `url` (every write documents one),
    so that a stranger's write is valid and only the scope can refuse it."""
    import re

    from jiangxin.api import api

    for path, operations in api.get_openapi_schema()["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(path)), url):
            body = operations.get(method, {}).get("requestBody", {})
            return body.get("content", {}).get("application/json", {}).get("example", {})
    return {}


def _request(client: Client, method: str, url: str, data: dict, headers: dict, api: bool) -> int:
    if method in ("get", "delete"):
        return getattr(client, method)(url, **headers).status_code
    if method == "post" and not api:
        return client.post(url, data, **headers).status_code
    body = data or (_api_example(url, method) if api else {})
    send = getattr(client, method)
    return send(url, body, content_type="application/json", **headers).status_code


def _client(user, api: bool) -> tuple[Client, dict]:
    if api:
        return api_client(user)
    client = Client(raise_request_exception=True)
    force_login_verified(client, user)
    return client, {}


def _ok_writes() -> int:
    return AuditEvent.objects.filter(result=AuditEvent.Result.SUCCESS).count()


@pytest.mark.parametrize("name", sorted(object_url_names()))
def test_cross_org_meta_stranger_gets_404(world, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    probe = probes().get(name)
    if probe is None:
        pytest.fail(f"{name} has no cross-org probe (add one to its app's test_cross_org.py)")
    built = probe.build(world)
    target = built if isinstance(built, Target) else Target(args=built)
    owner = target.owner or getattr(world, probe.owner)
    stranger = target.stranger or getattr(world, probe.stranger)
    assert owner != stranger
    assert _roles(owner) == _roles(stranger), "the stranger must hold the owner's roles"
    url = reverse(name, args=list(target.args))
    data = probe.data(world) if callable(probe.data) else probe.data
    methods = API_METHODS if probe.api else PAGE_METHODS

    client, headers = _client(stranger, probe.api)
    before = _ok_writes()
    refused = {}
    for method in methods:
        refused[method] = _request(client, method, url, data, headers, probe.api)
    assert set(refused.values()) <= {404, 405}, f"{name} as a stranger: {refused}"
    assert 404 in refused.values(), f"{name} as a stranger: {refused}"
    assert _ok_writes() == before, f"{name}: a stranger's request wrote something"

    client, headers = _client(owner, probe.api)
    for method, status in refused.items():
        if status != 404:
            continue
        sid = transaction.savepoint_create()
        try:
            answered = _request(client, method, url, data, headers, probe.api)
        finally:
            transaction.savepoint_rollback(sid)
        assert answered != 404, f"{name}: {method.upper()} by the owner answered 404 too"
