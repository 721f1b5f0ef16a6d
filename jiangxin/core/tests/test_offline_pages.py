"""Federations run on isolated intranets: no page may load anything from another host."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from jiangxin.accounts.demo import DEMO_USERS
from jiangxin.accounts.models import User
from jiangxin.orgs.models import Org
from jiangxin.testing.world import force_login_verified

pytestmark = pytest.mark.django_db

OUTSIDE = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']\s*(?:https?:)?//""", re.I)
CSS_OUTSIDE = re.compile(r"""url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def _pages() -> list[str]:
    org = Org.objects.get(name="日照钢铁控股集团有限公司")
    return [
        reverse("core:home"),
        reverse("orgs:list"),
        reverse("orgs:list") + f"?parent={Org.objects.get_parent(org).pk}",
        reverse("orgs:list") + "?q=钢铁",
        reverse("orgs:detail", args=[org.pk]),
        reverse("orgs:edit", args=[org.pk]),
        reverse("orgs:create", args=[org.pk]),
        reverse("orgs:move", args=[org.pk]),
        reverse("accounts:password_change"),
        reverse("accounts:api_tokens"),
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("core:audit_list"),
        reverse("accounts:lockouts"),
        reverse("people:worker_list"),
        reverse("people:worker_create"),
        reverse("people:my_profile"),
        reverse("core:import_upload", args=["orgs.enterprises"]),
        *_worker_pages(),
    ]


def _worker_pages() -> list[str]:
    from jiangxin.people.models import Worker

    worker = Worker.objects.filter(name="栾军").first()
    if worker is None:
        return []
    return [
        reverse(name, args=[worker.pk])
        for name in ("people:worker_detail", "people:passport", "people:honour_add")
    ]


def test_offline_every_demo_page_references_only_local_assets(client):
    call_command("seed", "--preset", "demo", "--quiet-logins")
    checked = 0
    anonymous = client.get(reverse("accounts:login"))
    assert not OUTSIDE.search(anonymous.content.decode())
    for username, *_rest in DEMO_USERS:
        client.logout()
        force_login_verified(client, User.objects.get(username=username))
        for url in _pages():
            response = client.get(url)
            if response.status_code != 200:
                continue
            html = response.content.decode()
            match = OUTSIDE.search(html)
            assert match is None, (
                f"{url} as {username} links outside: {html[match.start() : match.start() + 120]}"
            )
            checked += 1
    assert checked > 40


def test_offline_static_css_has_no_outside_urls():
    from pathlib import Path

    from django.conf import settings

    roots = [Path(settings.BASE_DIR) / "jiangxin", *map(Path, settings.STATICFILES_DIRS)]
    for root in roots:
        for css in root.rglob("*.css"):
            text = css.read_text(errors="ignore")
            assert not CSS_OUTSIDE.search(text), f"{css} loads something from outside"
