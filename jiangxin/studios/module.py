"""The studios module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission, Rollup, SeedOption
from jiangxin.core.roles import Role

from .perms import StudioPerm


def seed_demo(ctx) -> None:
    from .demo import seed_demo_studios

    seed_demo_studios(ctx.orgs, ctx.workers)


def seed_province(*, stdout, options: dict) -> None:
    from jiangxin.people.seeding import seed_province_honours

    from .demo import seed_province_studios
    from .models import Studio

    seed_province_studios(stdout=stdout, n=options["studios"])
    # Honours after the studios: every leader holds one, and 2 % of first-line workers.
    leaders = list(Studio.objects.unscoped("the seed").values_list("leader_id", flat=True))
    seed_province_honours(stdout=stdout, leader_ids=leaders)


def audit_labels() -> dict:
    from .enums import ReviewDecision

    return {f"studio.review.{c.value}": c.label for c in ReviewDecision}


MODULE = Module(
    label="studios",
    order=40,
    permissions=[
        Permission(
            StudioPerm.APPLY,
            _("Apply for and run studios"),
            roles=(Role.FEDERATION_ADMIN, Role.ENTERPRISE_ADMIN),
        ),
        Permission(
            StudioPerm.REVIEW,
            _("Review studios"),
            roles=(Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF, Role.ENTERPRISE_ADMIN),
        ),
    ],
    nav=[
        NavItem(
            "studios",
            _("Studios"),
            "studios:list",
            lambda s: s.has(StudioPerm.APPLY) or s.has(StudioPerm.REVIEW),
            30,
        )
    ],
    imports={
        "studios.studios": "jiangxin.studios.imports.StudioImport",
        "studios.members": "jiangxin.studios.imports.StudioMemberImport",
    },
    urls=[("studios/", "jiangxin.studios.urls"), ("showcase/", "jiangxin.studios.urls_public")],
    api=[("/studios", "jiangxin.studios.api.router")],
    audit_labels=audit_labels,
    passport_sources=["jiangxin.studios.passport.studios_source"],
    indicator_sources={
        "trainings": "jiangxin.studios.indicators.trainings_given",
        "members_promoted": "jiangxin.studios.indicators.members_promoted",
    },
    rollups=[
        Rollup(
            "studios.creation_rate",
            "jiangxin.studios.creation_rate.creation_rate_rollup_rebuild",
            # who counts (honours, first-line workers, employers), who leads (studios),
            # where they sit (org moves), and every import and seed of them
            actions=("honour.", "worker.", "studio.", "org.move", "import.", "seed."),
        )
    ],
    demo_seed=seed_demo,
    province_seed=seed_province,
    province_options=[SeedOption("studios", 20_000, "province preset: studios")],
)
