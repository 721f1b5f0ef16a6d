"""The module contract (core/modules.py): a module added to INSTALLED_APPS — the toy of
`jiangxin/testing/toy/`, in a process of its own — appears in the nav, the imports, the
URLs, the API and the demo seed without any edit to a central file."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from django.conf import settings

from jiangxin.core.modules import modules

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    call_command("migrate", verbosity=0)
    from jiangxin.core.import_registry import import_spec
    from jiangxin.testing.crossorg import api_client
    from jiangxin.testing.toy.module import SEEDED
    from jiangxin.testing.world import build_world

    w = build_world()
    client = Client()
    client.force_login(w.province_admin)
    home = client.get("/").content.decode()
    assert "Toy module" in home and 'href="/toy/"' in home, "no nav entry"
    assert client.get("/toy/").content == b"toy page"
    assert import_spec("toy.things") is not None
    api, auth = api_client(w.province_admin)
    assert api.get("/api/v1/toy/ping", **auth).json() == {"toy": "pong"}
    assert "/api/v1/toy/ping" in api.get("/api/v1/openapi.json", **auth).content.decode()
    call_command("seed", "--preset", "demo", "--quiet-logins")
    assert SEEDED and not SEEDED[0].endswith(" 0 workers"), SEEDED
    print("TOY OK")
    """
)


def test_module_contract_every_domain_app_registers_itself():
    labels = [m.label for m in modules()]
    assert labels == ["orgs", "accounts", "people", "studios", "achievements", "selection"]


def test_module_contract_a_new_module_plugs_in_without_central_edits(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "jiangxin.testing.toy.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
        "JX_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "TOY OK" in result.stdout, result.stdout[-3000:] + result.stderr[-3000:]
