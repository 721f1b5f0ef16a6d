"""Roles and what each may do. A role is held at an org and covers that org's subtree.

Three-way separation of duties (MLPS 2.0): the system administrator (federation admin),
the security administrator and the auditor are separate roles; no user may hold an
auditor role together with an administrator role.
"""

from collections.abc import Iterator, Mapping

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from .modules import Permission


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Federation admin")
    FEDERATION_STAFF = "federation_staff", _("Federation staff")
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise union admin")
    EXPERT = "expert", _("Expert / reviewer")
    JUDGE = "judge", _("Judge")
    WORKER = "worker", _("Worker")
    AUDITOR = "auditor", _("Auditor")
    SECURITY_ADMIN = "security_admin", _("Security administrator")


class Perm:
    """Core's own permissions. Each domain app declares its own in its `module.py` (codes
    in `<app>/perms.py`, see core/modules.py)."""

    AUDIT_VIEW = "audit.view"
    SECURITY_MANAGE = "security.manage"
    DATA_EXPORT = "data.export"
    DATA_IMPORT = "data.import"
    CALENDAR_MANAGE = "calendar.manage"


_MANAGERS = (Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF, Role.ENTERPRISE_ADMIN)

CORE_PERMISSIONS = (
    Permission(Perm.AUDIT_VIEW, _("Read the audit log"), roles=(Role.AUDITOR,)),
    Permission(Perm.SECURITY_MANAGE, _("Manage security (lockouts)"), roles=(Role.SECURITY_ADMIN,)),
    Permission(Perm.DATA_EXPORT, _("Export data to Excel"), roles=_MANAGERS),
    Permission(Perm.DATA_IMPORT, _("Import data from Excel"), roles=_MANAGERS),
    Permission(
        Perm.CALENDAR_MANAGE, _("Edit the official calendar"), roles=(Role.FEDERATION_ADMIN,)
    ),
)


def permission_declarations() -> list[tuple[str, Permission]]:
    """(owner, permission) for core's permissions and every module's, refusing a code
    declared twice or a role that does not exist."""
    from .modules import discovered, modules

    if not discovered():
        raise ImproperlyConfigured(
            "ROLE_PERMS was read before the modules were discovered (CoreConfig.ready)."
        )
    out = [("core", p) for p in CORE_PERMISSIONS]
    out += [(m.label, p) for m in modules() for p in m.permissions]
    owners: dict[str, str] = {}
    for owner, perm in out:
        if perm.code in owners:
            raise ImproperlyConfigured(
                f"Permission {perm.code!r} is declared by both {owners[perm.code]} and {owner}."
            )
        owners[perm.code] = owner
        unknown = set(perm.roles) - set(Role.values)
        if unknown:
            raise ImproperlyConfigured(f"Permission {perm.code!r} names unknown roles {unknown}.")
    return out


class _RolePerms(Mapping):
    """Role -> the permission codes it holds: core's and every module's declarations,
    built after `discover()` (again whenever the registry changes)."""

    def __init__(self) -> None:
        self._built: tuple[int, dict[str, frozenset[str]]] | None = None

    def _data(self) -> dict[str, frozenset[str]]:
        from .modules import registry_version

        version = registry_version()
        if self._built is None or self._built[0] != version:
            grants: dict[str, set[str]] = {role: set() for role in Role.values}
            for _owner, perm in permission_declarations():
                for role in perm.roles:
                    grants[role].add(perm.code)
            self._built = (version, {r: frozenset(c) for r, c in grants.items()})
        return self._built[1]

    def check(self) -> None:
        self._data()

    def __getitem__(self, role: str) -> frozenset[str]:
        return self._data()[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


ROLE_PERMS: Mapping[str, frozenset[str]] = _RolePerms()

# Which roles a holder of a role may grant (always only inside their own subtree).
# The auditor and security roles are granted only by the security administrator: the
# federation admin (the system administrator) cannot give anyone, themselves included,
# the right to read or to police their own actions.
GRANTABLE: dict[str, frozenset[str]] = {
    Role.FEDERATION_ADMIN: frozenset(Role.values) - {Role.AUDITOR, Role.SECURITY_ADMIN},
    Role.SECURITY_ADMIN: frozenset({Role.AUDITOR, Role.SECURITY_ADMIN}),
    Role.ENTERPRISE_ADMIN: frozenset({Role.ENTERPRISE_ADMIN, Role.EXPERT, Role.WORKER}),
}

# Roles that may not be held by one person together (separation of duties).
EXCLUSIVE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({Role.AUDITOR, Role.FEDERATION_ADMIN}),
    frozenset({Role.AUDITOR, Role.SECURITY_ADMIN}),
    frozenset({Role.SECURITY_ADMIN, Role.FEDERATION_ADMIN}),
)

# Order in which a user's roles are offered, the first being active by default.
ROLE_RANK = {value: rank for rank, value in enumerate(Role.values)}
