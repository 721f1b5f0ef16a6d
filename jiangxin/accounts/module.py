"""The accounts module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission
from jiangxin.core.roles import Perm, Role

from .perms import AccountPerm


def seed_demo(ctx) -> None:
    from .demo import DEMO_PASSWORD, seed_demo_users

    ctx.logins = seed_demo_users(ctx.orgs)
    ctx.password = DEMO_PASSWORD


def seed_province(*, stdout, options: dict) -> None:
    from .seeding import seed_province_users

    seed_province_users(stdout=stdout, orgs=options["orgs"])


MODULE = Module(
    label="accounts",
    order=20,
    permissions=[
        Permission(
            AccountPerm.USER_MANAGE,
            _("Manage users and roles"),
            roles=(Role.FEDERATION_ADMIN, Role.ENTERPRISE_ADMIN),
        ),
    ],
    nav=[
        NavItem(
            "users",
            _("Users and roles"),
            "accounts:user_list",
            lambda s: s.has(AccountPerm.USER_MANAGE),
            80,
        ),
        NavItem(
            "security",
            _("Security"),
            "accounts:lockouts",
            lambda s: s.has(Perm.SECURITY_MANAGE),
            95,
        ),
    ],
    imports={"accounts.users": "jiangxin.accounts.imports.UserImport"},
    urls=[("accounts/", "jiangxin.accounts.urls")],
    api_auth="jiangxin.accounts.api.read_auth",
    demo_seed=seed_demo,
    province_seed=seed_province,
    housekeeping=["jiangxin.accounts.throttle.throttle_purge"],
)
