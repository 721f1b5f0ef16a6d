"""The module contract (core/modules.py): a module added to INSTALLED_APPS — the toy of
`jiangxin/testing/toy/`, in a process of its own — appears in the nav, the imports, the
URLs, the API and the demo seed without any edit to a central file."""

from __future__ import annotations

import textwrap

from jiangxin.core.modules import modules
from jiangxin.testing.urlwalk import run_in_fresh_process

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
    from jiangxin.testing.world import build_world, force_login_verified

    w = build_world()
    client = Client()
    force_login_verified(client, w.province_admin)
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
    out = run_in_fresh_process(
        SCRIPT, settings_module="jiangxin.testing.toy.settings", data_dir=tmp_path
    )
    assert "TOY OK" in out, out[-6000:]
