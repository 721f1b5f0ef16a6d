"""The achievements module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission, SeedOption
from jiangxin.core.roles import Role

from .perms import AchievementPerm

_FEDERATION = (Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF)


def seed_demo(ctx) -> None:
    from jiangxin.studios.demo import studio_demo_refresh

    from .demo import seed_demo_achievements

    seed_demo_achievements(ctx.orgs, ctx.workers)
    studio_demo_refresh()  # the studios' rules, now that their achievements exist


def seed_province(*, stdout, options: dict) -> None:
    from .demo import seed_province_achievements

    seed_province_achievements(stdout=stdout, n=options["achievements"])


MODULE = Module(
    label="achievements",
    order=50,
    permissions=[
        Permission(
            AchievementPerm.VIEW,
            _("See achievements"),
            roles=(
                Role.FEDERATION_ADMIN,
                Role.FEDERATION_STAFF,
                Role.ENTERPRISE_ADMIN,
                Role.EXPERT,
            ),
        ),
        Permission(
            AchievementPerm.MANAGE,
            _("Record achievements"),
            roles=(Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF, Role.ENTERPRISE_ADMIN),
        ),
        Permission(AchievementPerm.REVIEW, _("Review achievements"), roles=_FEDERATION),
        Permission(AchievementPerm.BENEFIT_CERTIFY, _("Certify benefit"), roles=_FEDERATION),
    ],
    nav=[
        NavItem(
            "achievements",
            _("Achievements"),
            "achievements:list",
            lambda s: s.has(AchievementPerm.VIEW),
            40,
        )
    ],
    imports={"achievements.achievements": "jiangxin.achievements.imports.AchievementImport"},
    exports={"achievements": "jiangxin.achievements.exports.ACHIEVEMENTS"},
    urls=[("achievements/", "jiangxin.achievements.urls")],
    api=[("/achievements", "jiangxin.achievements.api.router")],
    passport_sources=[
        "jiangxin.achievements.passport.achievements_source",
        "jiangxin.achievements.passport.patents_source",
    ],
    indicator_sources={
        "achievements": "jiangxin.achievements.indicators.achievements_with_benefit",
        "patents": "jiangxin.achievements.indicators.patents_granted",
        "benefit": "jiangxin.achievements.indicators.certified_benefit",
        "claimed_benefit": "jiangxin.achievements.indicators.claimed_benefit",
    },
    studio_works=["jiangxin.achievements.indicators.studio_achievements"],
    demo_seed=seed_demo,
    province_seed=seed_province,
    province_options=[SeedOption("achievements", 300_000, "province preset: achievements")],
)
