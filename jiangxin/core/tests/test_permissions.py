"""Permissions are declared by the modules that own them (core/modules.py `permissions=`),
and ROLE_PERMS is built from core's and every module's declarations."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from jiangxin.core.modules import Module, Permission, modules, register, unregister
from jiangxin.core.roles import CORE_PERMISSIONS, ROLE_PERMS, Role, permission_declarations

_FA, _FS, _EA = "federation_admin", "federation_staff", "enterprise_admin"

# What each role held when roles.py granted everything centrally (issue 10 moved the
# declarations into the modules; the grants did not change).
EXPECTED = {
    _FA: {
        "achievement.manage", "achievement.review", "achievement.view", "benefit.certify",
        "calendar.manage", "data.export", "data.import", "org.manage", "org.move", "org.view",
        "people.manage", "people.view", "pii.unmask", "selection.manage", "selection.nominate",
        "studio.apply", "studio.review", "user.manage",
        "competition.manage", "competition.review", "competition.register",
    },
    _FS: {
        "achievement.manage", "achievement.review", "achievement.view", "benefit.certify",
        "data.export", "data.import", "org.manage", "org.view", "people.manage", "people.view",
        "selection.manage", "selection.nominate", "studio.review",
        "competition.manage", "competition.review", "competition.register",
    },
    _EA: {
        "achievement.manage", "achievement.view", "data.export", "data.import", "org.manage",
        "org.view", "people.manage", "people.view", "selection.nominate", "studio.apply",
        "studio.review", "user.manage", "competition.register",
    },
    "expert": {"achievement.view", "org.view", "selection.score"},
    "judge": {"org.view"},
    "worker": {"org.view", "competition.enter"},
    "auditor": {"audit.view", "org.view"},
    "security_admin": {"org.view", "security.manage"},
}  # fmt: skip


def test_permissions_role_perms_built_from_the_declarations_grant_what_they_did():
    assert {role: set(perms) for role, perms in ROLE_PERMS.items()} == EXPECTED
    assert set(ROLE_PERMS) == set(Role.values)


def test_permissions_each_app_declares_exactly_the_codes_of_its_perms_class():
    for m in modules():
        perms = importlib.import_module(f"jiangxin.{m.label}.perms")
        (cls,) = [v for k, v in vars(perms).items() if k.endswith("Perm") and isinstance(v, type)]
        codes = {v for k, v in vars(cls).items() if k.isupper()}
        assert {p.code for p in m.permissions} == codes, m.label
        assert all(p.roles for p in m.permissions), m.label


def test_permissions_core_keeps_only_its_own():
    assert {p.code for p in CORE_PERMISSIONS} == {
        "audit.view",
        "security.manage",
        "data.export",
        "data.import",
        "calendar.manage",
    }


@pytest.mark.parametrize("code", ["studio.apply", "audit.view"])
def test_permissions_a_code_declared_twice_is_refused(code):
    register(Module(label="dup", order=99, permissions=[Permission(code, "x", roles=(_FA,))]))
    try:
        with pytest.raises(ImproperlyConfigured, match=f"'{code}' is declared by both"):
            permission_declarations()
        with pytest.raises(ImproperlyConfigured):
            ROLE_PERMS.check()
    finally:
        unregister("dup")
    ROLE_PERMS.check()


def test_permissions_an_unknown_role_is_refused():
    register(Module(label="odd", order=99, permissions=[Permission("odd.x", "x", ("pope",))]))
    try:
        with pytest.raises(ImproperlyConfigured, match="unknown roles"):
            ROLE_PERMS.check()
    finally:
        unregister("odd")


def test_permissions_a_module_registered_later_reaches_role_perms():
    register(Module(label="late", order=99, permissions=[Permission("late.x", "x", ("judge",))]))
    try:
        assert ROLE_PERMS["judge"] == {"org.view", "late.x"}
    finally:
        unregister("late")
    assert ROLE_PERMS["judge"] == {"org.view"}


def test_permissions_docs_table_says_what_role_perms_grant():
    """docs/access.md's roles × permissions table: one row per declared code, naming its
    owner and ticking exactly the roles that hold it."""
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "docs" / "access.md").read_text()
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            ticks = [role for role, cell in zip(Role.values, cells[2:], strict=True) if cell]
            rows[cells[0].strip("`")] = (cells[1], set(ticks))
    declared = {p.code: (owner, set(p.roles)) for owner, p in permission_declarations()}
    assert rows == declared
