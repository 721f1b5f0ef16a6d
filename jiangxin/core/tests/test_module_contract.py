"""The module contract (core/modules.py): a module added to INSTALLED_APPS — the toy of
`jiangxin/testing/toy/`, in a process of its own — grants its own permission to a role and
appears in the nav (for that role), the imports, the URLs, the API, the demo seed and the
extension points (passport, studio indicators, selection subjects) without any edit to a
central file."""

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

    from jiangxin.core.access import user_scope
    from jiangxin.core.roles import ROLE_PERMS

    w = build_world()
    assert "toy.play" in ROLE_PERMS["worker"], ROLE_PERMS["worker"]
    assert "toy.play" not in ROLE_PERMS["federation_admin"]
    assert user_scope(w.worker_a).has("toy.play")
    assert not user_scope(w.province_admin).has("toy.play")
    client = Client()
    force_login_verified(client, w.province_admin)
    assert 'href="/toy/"' not in client.get("/").content.decode()
    force_login_verified(client, w.worker_a)
    home = client.get("/").content.decode()
    assert "Toy module" in home and 'href="/toy/"' in home, "no nav entry"
    assert client.get("/toy/").content == b"toy page"
    assert import_spec("toy.things") is not None
    api, auth = api_client(w.province_admin)
    assert api.get("/api/v1/toy/ping", **auth).json() == {"toy": "pong"}
    assert "/api/v1/toy/ping" in api.get("/api/v1/openapi.json", **auth).content.decode()
    from jiangxin.people.passport import passport_timeline
    from jiangxin.selection.subjects import adapter_for, available_kinds
    from jiangxin.studios.indicators import indicator_sources
    from jiangxin.testing.people import make_worker
    from jiangxin.testing.toy.extensions import ToySubject, toy_figure

    worker = make_worker(w.ent_a, 1)
    assert [e.title for e in passport_timeline(worker) if e.kind == "toy"] == ["Toy row"]
    assert indicator_sources()["toy_figure"] is toy_figure
    assert isinstance(adapter_for("toy"), ToySubject) and "toy" in available_kinds()
    call_command("seed", "--preset", "demo", "--quiet-logins")
    assert SEEDED and not SEEDED[0].endswith(" 0 workers"), SEEDED
    print("TOY OK")
    """
)


def test_module_contract_every_domain_app_registers_itself():
    labels = [m.label for m in modules()]
    assert labels == [
        "orgs", "accounts", "people", "studios", "achievements", "selection", "competitions",
    ]  # fmt: skip


def test_module_contract_a_new_module_plugs_in_without_central_edits(tmp_path):
    out = run_in_fresh_process(
        SCRIPT, settings_module="jiangxin.testing.toy.settings", data_dir=tmp_path
    )
    assert "TOY OK" in out, out[-6000:]
