"""Cross-org tests: every object URL must answer 404 to a user of a sibling enterprise.

Each app's `tests/test_cross_org.py` lists the URL names it covers in `CROSS_ORG_URLS`;
`jiangxin/core/tests/test_url_coverage.py` walks the URLconf and fails for any object URL
(one with a path parameter) that no app lists."""

from __future__ import annotations

from django.test import Client


def assert_404_for(client: Client, url: str, *, method: str = "get", **kwargs) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404, (
        f"{method.upper()} {url} answered {response.status_code}, not 404"
    )
