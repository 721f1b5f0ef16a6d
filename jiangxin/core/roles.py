"""Roles and what each may do. A role is held at an org and covers that org's subtree.

Three-way separation of duties (MLPS 2.0): the system administrator (federation admin),
the security administrator and the auditor are separate roles; no user may hold an
auditor role together with an administrator role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    ORG_VIEW = "org.view"
    ORG_MANAGE = "org.manage"
    ORG_MOVE = "org.move"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    SECURITY_MANAGE = "security.manage"
    PII_UNMASK = "pii.unmask"
    DATA_EXPORT = "data.export"
    DATA_IMPORT = "data.import"
    PEOPLE_VIEW = "people.view"
    PEOPLE_MANAGE = "people.manage"
    STUDIO_APPLY = "studio.apply"
    STUDIO_REVIEW = "studio.review"
    SELECTION_MANAGE = "selection.manage"
    SELECTION_NOMINATE = "selection.nominate"
    SELECTION_SCORE = "selection.score"
    ACHIEVEMENT_VIEW = "achievement.view"
    ACHIEVEMENT_MANAGE = "achievement.manage"
    ACHIEVEMENT_REVIEW = "achievement.review"
    BENEFIT_CERTIFY = "benefit.certify"
    CALENDAR_MANAGE = "calendar.manage"


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.FEDERATION_ADMIN: frozenset(
        {
            Perm.SELECTION_MANAGE,
            Perm.SELECTION_NOMINATE,
            Perm.ORG_VIEW,
            Perm.ORG_MANAGE,
            Perm.ORG_MOVE,
            Perm.USER_MANAGE,
            Perm.DATA_EXPORT,
            Perm.DATA_IMPORT,
            Perm.PII_UNMASK,
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_MANAGE,
            Perm.STUDIO_APPLY,
            Perm.STUDIO_REVIEW,
            Perm.ACHIEVEMENT_VIEW,
            Perm.ACHIEVEMENT_MANAGE,
            Perm.ACHIEVEMENT_REVIEW,
            Perm.BENEFIT_CERTIFY,
            Perm.CALENDAR_MANAGE,
        }
    ),
    Role.FEDERATION_STAFF: frozenset(
        {
            Perm.SELECTION_MANAGE,
            Perm.SELECTION_NOMINATE,
            Perm.ORG_VIEW,
            Perm.ORG_MANAGE,
            Perm.DATA_EXPORT,
            Perm.DATA_IMPORT,
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_MANAGE,
            Perm.STUDIO_REVIEW,
            Perm.ACHIEVEMENT_VIEW,
            Perm.ACHIEVEMENT_MANAGE,
            Perm.ACHIEVEMENT_REVIEW,
            Perm.BENEFIT_CERTIFY,
        }
    ),
    Role.ENTERPRISE_ADMIN: frozenset(
        {
            Perm.SELECTION_NOMINATE,
            Perm.ORG_VIEW,
            Perm.ORG_MANAGE,
            Perm.USER_MANAGE,
            Perm.DATA_EXPORT,
            Perm.DATA_IMPORT,
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_MANAGE,
            Perm.STUDIO_APPLY,
            Perm.STUDIO_REVIEW,
            Perm.ACHIEVEMENT_VIEW,
            Perm.ACHIEVEMENT_MANAGE,
        }
    ),
    Role.EXPERT: frozenset({Perm.ORG_VIEW, Perm.SELECTION_SCORE, Perm.ACHIEVEMENT_VIEW}),
    Role.JUDGE: frozenset({Perm.ORG_VIEW}),
    Role.WORKER: frozenset({Perm.ORG_VIEW}),
    Role.AUDITOR: frozenset({Perm.ORG_VIEW, Perm.AUDIT_VIEW}),
    Role.SECURITY_ADMIN: frozenset({Perm.ORG_VIEW, Perm.SECURITY_MANAGE}),
}

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
