"""The people module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission, SeedOption
from jiangxin.core.roles import Role

from .perms import PeoplePerm

_MANAGERS = (Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF, Role.ENTERPRISE_ADMIN)


def seed_demo(ctx) -> None:
    from jiangxin.accounts.models import User

    from .demo import seed_demo_people

    ctx.workers = seed_demo_people(ctx.orgs)
    # The demo login worker_luan is the worker 栾军 (self-service profile).
    luan = ctx.workers.get("栾军")
    user = User.objects.filter(username="worker_luan").first()
    if luan is not None and user is not None and luan.user_id is None:
        type(luan).objects.filter(pk=luan.pk).update(user=user)


def seed_province(*, stdout, options: dict) -> None:
    from .seeding import seed_province_workers

    seed_province_workers(stdout=stdout, total=options["workers"])


MODULE = Module(
    label="people",
    order=30,
    permissions=[
        Permission(PeoplePerm.VIEW, _("See workers"), roles=_MANAGERS),
        Permission(PeoplePerm.MANAGE, _("Manage workers"), roles=_MANAGERS),
        Permission(
            PeoplePerm.PII_UNMASK,
            _("See unmasked personal data"),
            roles=(Role.FEDERATION_ADMIN,),
        ),
    ],
    nav=[
        NavItem("people", _("Workers"), "people:worker_list", lambda s: s.has(PeoplePerm.VIEW), 20),
        NavItem(
            "my_profile", _("My profile"), "people:my_profile", lambda s: s.role == "worker", 25
        ),
    ],
    imports={
        "people.workers": "jiangxin.people.imports.WorkerImport",
        "people.honours": "jiangxin.people.imports.HonourImport",
    },
    exports={
        "workers": "jiangxin.people.exports.WORKERS",
        "workers-unmasked": "jiangxin.people.exports.WORKERS_UNMASKED",
    },
    urls=[("people/", "jiangxin.people.urls")],
    api=[("/people", "jiangxin.people.api.router")],
    passport_sources=[
        "jiangxin.people.passport.honours_source",
        "jiangxin.people.passport.skills_source",
    ],
    demo_seed=seed_demo,
    province_seed=seed_province,
    province_options=[SeedOption("workers", 2_000_000, "province preset: workers")],
)
