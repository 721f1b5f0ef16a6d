"""The competitions module plugs itself in (see jiangxin/core/modules.py)."""

from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import Module, NavItem, Permission
from jiangxin.core.roles import Role

from .perms import CompetitionPerm

_STAFF = (Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF)


def seed_demo(ctx) -> None:
    from .demo import seed_demo_competitions

    seed_demo_competitions(ctx.orgs, ctx.workers)


def audit_labels() -> dict:
    steps = {
        "open_registration": _("Open registration"),
        "close_registration": _("Close registration"),
        "start_marking": _("Start marking"),
        "publish_results": _("Publish results"),
    }
    levels = {
        "enterprise_approve": _("by the enterprise union"),
        "organiser_approve": _("by the organiser"),
        "committee_approve": _("by the committee"),
    }
    return {f"competition.step.{k}": v for k, v in steps.items()} | {
        f"competition.approve.{k}": v for k, v in levels.items()
    }


def _sees(scope) -> bool:
    return any(
        scope.has(p)
        for p in (CompetitionPerm.MANAGE, CompetitionPerm.REVIEW, CompetitionPerm.REGISTER)
    )


MODULE = Module(
    label="competitions",
    order=70,
    permissions=[
        Permission(CompetitionPerm.MANAGE, _("Organise competitions"), roles=_STAFF),
        Permission(CompetitionPerm.REVIEW, _("Approve competition registrations"), roles=_STAFF),
        Permission(
            CompetitionPerm.REGISTER,
            _("Register competition entrants"),
            roles=(*_STAFF, Role.ENTERPRISE_ADMIN),
        ),
        Permission(CompetitionPerm.ENTER, _("Enter competitions"), roles=(Role.WORKER,)),
    ],
    nav=[
        NavItem("competitions", _("Competitions"), "competitions:list", _sees, 55),
        NavItem(
            "competitions_mine",
            _("My competitions"),
            "competitions:mine",
            lambda s: s.has(CompetitionPerm.ENTER),
            56,
        ),
    ],
    imports={"competitions.registrations": "jiangxin.competitions.imports.RegistrationImport"},
    exports={"competition_registrations": "jiangxin.competitions.exports.REGISTRATIONS"},
    urls=[("competitions/", "jiangxin.competitions.urls")],
    api=[("/competitions", "jiangxin.competitions.api.router")],
    audit_labels=audit_labels,
    demo_seed=seed_demo,
)
