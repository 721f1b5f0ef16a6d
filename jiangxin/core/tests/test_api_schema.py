"""The OpenAPI schema documents every operation (a summary each; a request example and
the write scope on each write), and no operation answers 500 to bad input: every
operation is called with its example, with nothing, and with each field and parameter
spoiled (wrong types, bad dates, huge numbers, too-long text, lone surrogates, NUL)."""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.test import Client

from jiangxin.accounts.models import TokenScope
from jiangxin.testing.api import api_as
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}
# POST operations that only read (an ID number never goes into a URL).
READ_POSTS = {"jiangxin_people_api_workers_lookup"}


def _schema() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_api_schema_every_operation_has_a_summary():
    missing = [(m, p) for p, m, op in _operations(_schema()) if not op.get("summary")]
    assert missing == []


def test_api_schema_every_write_has_an_example_and_the_write_scope():
    schema = _schema()
    writes = [(p, m, op) for p, m, op in _operations(schema) if m in WRITE_METHODS]
    assert len(writes) >= 8
    for path, method, op in writes:
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        assert body.get("example"), f"{method.upper()} {path} has no request example"
        assert op.get("description"), f"{method.upper()} {path} has no description"
        if op["operationId"] in READ_POSTS:
            assert op.get("x-scope") == "read"
        else:
            assert op.get("x-scope") == "write", f"{method.upper()} {path} is not a write"
            assert 422 in {int(c) for c in op["responses"]}, path


@pytest.fixture
def objects(world):
    from jiangxin.achievements.tests.helpers import make_studio, submit
    from jiangxin.competitions.tests.helpers import competition, register, track_of
    from jiangxin.competitions.tests.helpers import worker as entrant
    from jiangxin.selection.tests.factories import make_campaign

    worker = make_worker(world.ent_a, 1, name="栾军")
    other = make_worker(world.ent_a, 2, name="王强")
    contest = competition(world)
    return {
        "track_id": track_of(contest).pk,
        "registration_id": register(world, track_of(contest), entrant(world.ent_a)).pk,
        "worker_id": worker.pk,
        "org_id": world.ent_a.pk,
        "achievement_id": submit(world.admin_a, world.ent_a, [worker], draft=True).pk,
        "studio_id": make_studio(world.ent_a, other).pk,
        "campaign_id": make_campaign(world).pk,
        # in request bodies
        "employer_id": world.ent_a.pk,
        "enterprise_id": world.ent_a.pk,
        "host_id": world.ent_a.pk,
        "subject_id": other.pk,
        ("worker_id", 346): other.pk,  # the examples' second worker
    }


def _realise(example, ids: dict):
    """The example with ids of objects that exist in the admin's scope, so that the call
    reaches the service."""
    if isinstance(example, dict):
        return {
            k: ids.get((k, v), ids[k]) if k in ids and isinstance(v, int) else _realise(v, ids)
            for k, v in example.items()
        }
    if isinstance(example, list):
        return [_realise(v, ids) for v in example]
    return example


def _url(path: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)


def test_api_schema_writes_refuse_a_read_token(world, objects):
    api = api_as(world.admin_a, scope=TokenScope.READ)
    for path, method, op in _operations(_schema()):
        if op.get("x-scope") != "write":
            continue
        example = op["requestBody"]["content"]["application/json"]["example"]
        response = api.send(method, _url(path, objects), example)
        assert response.status_code == 403, f"{method.upper()} {path}: {response.status_code}"
        assert "“write”" in response.json()["detail"]


SPOILERS = [
    None,
    "x" * 5000,
    "栾\ud800军",
    "a\x00b",
    "2024-02-30",
    -1,
    2**70,
    [],
    {},
    [{"worker_id": 2**70}],
    {"worker_id": "x"},
]


def _spoiled(example):
    """The example with one value replaced, for each value (nested ones too)."""
    if isinstance(example, dict):
        for key, value in example.items():
            for spoiler in SPOILERS:
                body = copy.copy(example)
                body[key] = spoiler
                yield body
            for inner in _spoiled(value):
                body = copy.copy(example)
                body[key] = inner
                yield body
    elif isinstance(example, list) and example:
        for inner in _spoiled(example[0]):
            yield [inner, *example[1:]]


def _check(response, what: str) -> None:
    assert response.status_code < 500, what
    if response.status_code in (400, 422):
        body = response.json()
        assert body.keys() == {"errors"} and body["errors"], what
        for error in body["errors"]:
            assert error.keys() == {"field", "message"} and error["message"], what


def test_api_examples_work_and_no_operation_answers_500_to_bad_input(world, objects):
    """Each write's example (with ids of the test's objects) succeeds; then nothing, and
    every spoiled variant of it, answers a field error or 404, never 500."""
    api = api_as(world.admin_a)
    schema = _schema()
    for path, method, op in _operations(schema):
        where = f"{method.upper()} {path}"
        if method == "get":
            for ids in (objects, dict.fromkeys(objects, 2**70), dict.fromkeys(objects, "x")):
                _check(api.get(_url(path, ids)), where)
            for param in op.get("parameters", []):
                if param["in"] != "query":
                    continue
                for value in ("x", "-1", str(2**70), "2024-02-30", "x" * 5000):
                    _check(api.get(_url(path, objects), {param["name"]: value}), where)
                # A lone surrogate, encoded as a client would send it (not valid UTF-8).
                _check(api.get(f"{_url(path, objects)}?{param['name']}=%ED%A0%80"), where)
            continue
        example = _realise(op["requestBody"]["content"]["application/json"]["example"], objects)
        url = _url(path, objects)
        reached = api.send(method, url, example)
        assert reached.status_code in (200, 201), f"{where}: the example fails: {reached.json()}"
        for body in [example, {}, [], "null", "[1", '{"a": "\\ud800"}', *_spoiled(example)]:
            sent = body if isinstance(body, str) else json.dumps(body)
            _check(api.send(method, url, sent), f"{where} {sent[:200]}")
        _check(api.send(method, _url(path, dict.fromkeys(objects, 2**70)), example), where)
