"""The orgs module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission, SeedOption
from jiangxin.core.roles import Role

from .perms import OrgPerm


def seed_demo(ctx) -> None:
    from .demo import seed_demo_orgs

    ctx.orgs = seed_demo_orgs()


def seed_province(*, stdout, options: dict) -> None:
    from .seeding import seed_province_orgs

    seed_province_orgs(stdout=stdout, orgs=options["orgs"])


MODULE = Module(
    label="orgs",
    order=10,
    permissions=[
        Permission(OrgPerm.VIEW, _("See organisations"), roles=tuple(Role.values)),
        Permission(
            OrgPerm.MANAGE,
            _("Manage organisations"),
            roles=(Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF, Role.ENTERPRISE_ADMIN),
        ),
        Permission(OrgPerm.MOVE, _("Move organisations"), roles=(Role.FEDERATION_ADMIN,)),
    ],
    nav=[NavItem("orgs", _("Organisations"), "orgs:list", lambda s: s.has(OrgPerm.VIEW), 10)],
    imports={"orgs.enterprises": "jiangxin.orgs.imports.EnterpriseImport"},
    exports={"orgs": "jiangxin.orgs.exports.ORGS"},
    urls=[("orgs/", "jiangxin.orgs.urls")],
    api=[("/orgs", "jiangxin.orgs.api.router")],
    demo_seed=seed_demo,
    province_seed=seed_province,
    province_options=[SeedOption("orgs", 100_000, "province preset: orgs (and their users)")],
)
