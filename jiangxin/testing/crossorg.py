"""Cross-org tests: every object URL must answer 404 to a stranger.

A *stranger* holds the same role as the object's owner, at a sibling org (enterprise B
for enterprise A, the other city for the city), so the only thing that can refuse them
is the scope: remove the scope from a selector and the meta-test fails.

Each app's `tests/test_cross_org.py` declares `CROSS_ORG = {url_name: Probe(...)}`;
`jiangxin/core/tests/test_cross_org_meta.py` walks the URLconf and, for every object URL
(one with a path parameter), builds the probe's object in a fresh `world`, requests the
URL as the stranger with every HTTP method (GET and POST for pages; GET, POST, PUT,
PATCH and DELETE for the API) and requires 404 (or 405 where the view does not take that
method), then requires that the owner is not refused (404) with the methods the
stranger was refused with — so a 404 always means the scope, never a broken URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.test import Client


def assert_404_for(client: Client, url: str, *, method: str = "get", **kwargs) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404, (
        f"{method.upper()} {url} answered {response.status_code}, not 404"
    )


@dataclass
class Target:
    """What a probe's builder returns when the owner or the stranger is not a world user
    (e.g. two experts of one campaign): the reverse() args and the two users."""

    args: Sequence[Any]
    owner: Any = None
    stranger: Any = None


@dataclass(frozen=True)
class Probe:
    """One object URL: `build(world)` makes the object, owned by `owner`'s org, and returns
    the reverse() args (or a Target); `owner` and `stranger` name World users with the
    same role at sibling orgs; `api` sends a Bearer token instead of a session; `data`
    is the body of the owner's POST (the stranger's POST carries the same)."""

    build: Callable[[Any], Sequence[Any] | Target]
    owner: str = "admin_a"
    stranger: str = "admin_b"
    api: bool = False
    data: dict = field(default_factory=dict)


def api_client(user) -> tuple[Client, dict]:
    """A session-less client and the headers of a Bearer token of `user` that may write."""
    import inspect

    from jiangxin.accounts.services import api_token_create

    kwargs: dict[str, Any] = {"actor": user, "name": "cross-org"}
    if "scopes" in inspect.signature(api_token_create).parameters:
        kwargs["scopes"] = ["read", "write"]
    _token, raw = api_token_create(**kwargs)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
