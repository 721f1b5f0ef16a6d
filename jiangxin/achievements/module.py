"""The achievements module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, SeedOption
from jiangxin.core.roles import Perm


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
    nav=[
        NavItem(
            "achievements",
            _("Achievements"),
            "achievements:list",
            lambda s: s.has(Perm.ACHIEVEMENT_VIEW),
            40,
        )
    ],
    imports={"achievements.achievements": "jiangxin.achievements.imports.AchievementImport"},
    urls=[("achievements/", "jiangxin.achievements.urls")],
    api=[("/achievements", "jiangxin.achievements.api.router")],
    demo_seed=seed_demo,
    province_seed=seed_province,
    province_options=[SeedOption("achievements", 300_000, "province preset: achievements")],
)
