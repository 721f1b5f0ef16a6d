"""Audit actions as words: the one place that turns an action code (`studio.announce`)
into what the audit log page and its export show (公示创新工作室).

Services record the code (stable, searchable); people read the label. An action with a
variable tail (`import.<spec>`, `studio.review.<decision>`, `selection.campaign.<stage>`)
is labelled by its longest known prefix plus the label of the tail. A code nobody labelled
is shown as it is (nothing is hidden) — `core/tests/test_audit_actions.py` fails for any
action written in the code base without a label here."""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # accounts
    "login": _("Log in"),
    "login.lockout": _("Login locked out"),
    "logout": _("Log out"),
    "lockout.reset": _("Unlock an account"),
    "login.slowed": _("Login slowed down"),
    "password.change": _("Change password"),
    "password.reset": _("Set a new initial password"),
    "otp.enrol": _("Set up two-factor authentication"),
    "otp.verify": _("Two-factor code at login"),
    "otp.reset": _("Reset a user's second factor"),
    "access.denied": _("Access refused"),
    "api_token.invalid": _("Invalid API token"),
    "role.switch": _("Switch the active role"),
    "role.grant": _("Grant a role"),
    "role.revoke": _("Revoke a role"),
    "user.create": _("Create a user"),
    "user.import": _("Import users"),
    "user.activate": _("Activate an account"),
    "user.deactivate": _("Deactivate an account"),
    "api_token.create": _("Create an API token"),
    "api_token.revoke": _("Revoke an API token"),
    # organisations
    "org.create": _("Create an organisation"),
    "org.update": _("Edit an organisation"),
    "org.move": _("Move an organisation"),
    "org.bulk_create": _("Create organisations in bulk"),
    # people
    "worker.register": _("Register a worker"),
    "worker.update": _("Edit a worker"),
    "worker.profile_update": _("Edit a public profile"),
    "worker.unmask": _("Show a full ID number"),
    "worker.import": _("Import workers"),
    "honour.award": _("Record an honour"),
    "honour.import": _("Import honours"),
    "honour.verify": _("Verify an honour"),
    "honour.reject": _("Reject an honour"),
    "skill.promote": _("Record a skill level"),
    # studios
    "studio.apply": _("Apply for a studio"),
    "studio.member_import": _("Import studio members"),
    "studio.resubmit": _("Resubmit a studio"),
    "studio.announce": _("Announce a studio"),
    "studio.announcement_withdraw": _("Withdraw a studio from its announcement"),
    "studio.name": _("Name a studio"),
    "studio.revoke": _("Revoke a studio"),
    "studio.member_add": _("Add a studio member"),
    "studio.member_remove": _("Remove a studio member"),
    "studio.report_quarter": _("Submit a quarterly report"),
    "studio.assess": _("Record an annual assessment"),
    "studio.creation_rate_target": _("Set a creation-rate target"),
    "studio.import": _("Import studios"),
    # achievements
    "achievement.submit": _("Record an achievement"),
    "achievement.update": _("Edit an achievement"),
    "achievement.completers": _("Edit the completers"),
    "achievement.transition": _("Change an achievement's status"),
    "achievement.patent_add": _("Record a patent"),
    "achievement.patent_grant": _("Record a patent's grant"),
    "achievement.patent_reject": _("Record a patent's rejection"),
    "achievement.patent_lapse": _("Record a patent's lapse"),
    "achievement.attachment_add": _("Attach a file"),
    "achievement.import": _("Import achievements"),
    "benefit.claim": _("Claim benefit"),
    "benefit.certify": _("Certify benefit"),
    "benefit.certify_many": _("Certify benefit in bulk"),
    # selection
    "selection.campaign.create": _("Create a selection"),
    "selection.campaign.ranking": _("Close the review and rank"),
    "selection.campaign.announcement": _("Open the public announcement"),
    "selection.campaign.publish": _("Publish the results"),
    "selection.quota.set": _("Set nomination quotas"),
    "selection.entry.nominate": _("Nominate"),
    "selection.entry.check": _("Record a formal check"),
    "selection.sheet.submit": _("Submit a recommendation sheet"),
    "selection.panel.create": _("Create a panel"),
    "selection.expert.profile": _("Edit an expert profile"),
    "selection.experts.assign": _("Assign experts"),
    "selection.scorecard.save": _("Save scores"),
    "selection.scorecard.submit": _("Submit a scorecard"),
    "selection.objection.file": _("Raise an objection"),
    "selection.objection.investigate": _("Record the investigation"),
    # documents, imports, exports
    "document.issue": _("Issue a document"),
    "document.revoke": _("Revoke a document"),
    "document.download": _("Download a document"),
    "export": _("Export to Excel"),
    "backup.create": _("Back up the database"),
    "backup.restore": _("Restore the database from a backup"),
    "seed.province": _("Load demonstration data"),
    "seed.province_users": _("Load demonstration users"),
    # the official calendar
    "calendar.day.set": _("Set an official day"),
    "calendar.day.remove": _("Remove an official day"),
    "calendar.year.confirm": _("Confirm a year's official calendar"),
    "calendar.year.unconfirm": _("Reopen a year's official calendar"),
    "seed.province_studios": _("Load demonstration studios"),
    "competition.create": _("Create a competition"),
    "competition.update": _("Change a competition"),
    "competition.track.create": _("Add a competition track"),
    "competition.track.update": _("Change a competition track"),
    "competition.stage.create": _("Add a competition stage"),
    "competition.stage.update": _("Change a competition stage"),
    "competition.quota.set": _("Set competition quotas"),
    "competition.registration.submit": _("Register for a competition"),
    "competition.registration.import": _("Import competition registrations"),
    "competition.registration.reject": _("Reject a competition registration"),
    "competition.registration.withdraw": _("Withdraw a competition registration"),
    "competition.registration.substitute": _("Substitute a competition entrant"),
}

# Codes with a variable tail: prefix → label; the tail is labelled by TAIL_LABELS.
PREFIX_LABELS = {
    "honour.": _("Decide an honour"),
    "import.": _("Import from Excel"),
    "studio.review.": _("Review a studio"),
    "selection.campaign.": _("Move a selection to a stage"),
    "selection.objection.": _("Decide an objection"),
    "competition.step.": _("Move a competition on"),
    "competition.approve.": _("Approve a competition registration"),
}


@cache
def _tail_labels() -> dict[str, str]:
    """Lazy labels (translated when shown), so one dict serves every language."""
    from jiangxin.core.import_registry import import_names, import_spec
    from jiangxin.core.modules import audit_labels

    labels = {
        f"import.{name}": spec.title for name in import_names() if (spec := import_spec(name))
    }
    labels |= audit_labels()  # each module's enum-valued actions (studio.review.approve …)
    return labels


def audit_action_label(code: str) -> str:
    """The words for an audit action code, in the active language."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    for prefix, label in PREFIX_LABELS.items():
        if code.startswith(prefix):
            tail = _tail_labels().get(code)
            return gettext("%(action)s: %(what)s") % {
                "action": label,
                "what": tail if tail is not None else code[len(prefix) :],
            }
    return code


def audit_action_choices() -> list[tuple[str, str]]:
    """(code, label) of every labelled action, sorted by label, for the audit filter."""
    codes = list(ACTION_LABELS) + list(_tail_labels())
    return sorted(((c, audit_action_label(c)) for c in dict.fromkeys(codes)), key=lambda x: x[1])


@cache
def _model_of(object_type: str):
    from django.apps import apps

    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def audit_object_type_label(object_type: str) -> str:
    """`orgs.org` → 组织: the model's verbose name, or the code when it names no model."""
    model = _model_of(object_type) if object_type else None
    return str(model._meta.verbose_name) if model is not None else object_type
