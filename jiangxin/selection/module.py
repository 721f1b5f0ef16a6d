"""The selection module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission, SeedOption
from jiangxin.core.roles import Role

from .perms import SelectionPerm

_SELECTION_PERMS = (SelectionPerm.MANAGE, SelectionPerm.NOMINATE, SelectionPerm.SCORE)


def seed_demo(ctx) -> None:
    from .demo import seed_demo_selection

    seed_demo_selection(ctx.orgs, ctx.workers)


def seed_province(*, stdout, options: dict) -> None:
    from .scale import seed_province_selection

    seed_province_selection(stdout=stdout, entries=options["entries"])


def audit_labels() -> dict:
    from .enums import ObjectionStatus, Stage

    labels = {f"selection.campaign.{c.value}": c.label for c in Stage}
    return labels | {f"selection.objection.{c.value}": c.label for c in ObjectionStatus}


MODULE = Module(
    label="selection",
    order=60,
    permissions=[
        Permission(
            SelectionPerm.MANAGE,
            _("Run selections"),
            roles=(Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF),
        ),
        Permission(
            SelectionPerm.NOMINATE,
            _("Nominate for selections"),
            roles=(Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF, Role.ENTERPRISE_ADMIN),
        ),
        Permission(SelectionPerm.SCORE, _("Score selection entries"), roles=(Role.EXPERT,)),
    ],
    nav=[
        NavItem(
            "selection",
            _("Selections"),
            "selection:campaign_list",
            lambda s: any(s.has(p) for p in _SELECTION_PERMS),
            50,
        )
    ],
    exports={
        "selection.ranking": "jiangxin.selection.exports.RANKING",
        "selection.sheet": "jiangxin.selection.exports.SHEET",
    },
    urls=[
        ("selection/", "jiangxin.selection.urls"),
        ("announcements/", "jiangxin.selection.urls_public"),
    ],
    api=[("/selection", "jiangxin.selection.api.router")],
    audit_labels=audit_labels,
    passport_sources=["jiangxin.selection.passport.awards_source"],
    subjects=[
        "jiangxin.selection.subjects.CraftsmanTitle",
        "jiangxin.selection.subjects.ModelWorkerRecommendation",
        "jiangxin.selection.subjects.AchievementAward",
        "jiangxin.selection.subjects.StudioNaming",
    ],
    demo_seed=seed_demo,
    province_seed=seed_province,
    province_options=[SeedOption("entries", 10_000, "province preset: selection entries")],
)
