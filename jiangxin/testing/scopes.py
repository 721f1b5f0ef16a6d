"""Scopes without a database, for the predicates' truth tables: a role held at a path."""

from __future__ import annotations

from types import SimpleNamespace

from jiangxin.core.access import Scope
from jiangxin.core.roles import ROLE_PERMS


def role_scope(role: str, path: str, org_id: int = 1) -> Scope:
    """What `role`, held at the org with `path` (and id `org_id`), may see and do."""
    return Scope(paths=(path,), role=role, org_id=org_id, perms=ROLE_PERMS[role])


def user_with(scope: Scope):
    """A stand-in user whose active scope is `scope` (for predicates that take a user)."""
    return SimpleNamespace(is_authenticated=True, is_active=True, _jx_scope=scope)
