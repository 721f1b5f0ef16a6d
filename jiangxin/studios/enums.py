from django.db import models
from django.utils.translation import gettext_lazy as _


class StudioLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise level")
    CITY = "city", _("City level")
    PROVINCIAL = "provincial", _("Provincial level")
    NATIONAL = "national", _("National demonstrative")


class StudioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned")
    ANNOUNCED = "announced", _("Announced")
    NAMED = "named", _("Named")
    REVOKED = "revoked", _("Revoked")


# Statuses in which the studio waits for a reviewer (its stage org and level are set).
IN_REVIEW = frozenset({StudioStatus.SUBMITTED, StudioStatus.UNDER_REVIEW})


class StageLevel(models.TextChoices):
    """The review path up the tree from the host enterprise."""

    ENTERPRISE = "enterprise", _("Enterprise union")
    CITY = "city", _("City federation")
    PROVINCE = "province", _("Provincial federation")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    CORE = "core", _("Core member")
    MEMBER = "member", _("Member")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return for changes")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class RuleKind(models.TextChoices):
    """The fixed set of evaluators a naming rule can use (its params are data)."""

    LEADER_HONOUR = "leader_honour", _("Leader holds an honour")
    MIN_YEARS_RUNNING = "min_years_running", _("Years running")
    MIN_ACHIEVEMENTS_WITH_BENEFIT = "min_achievements_with_benefit", _("Achievements with benefit")
    MIN_TRAININGS_PER_YEAR = "min_trainings_per_year", _("Trainings or exchanges a year")
    MIN_MEMBERS_PROMOTED = "min_members_promoted", _("Members promoted a skill grade")
    MIN_MEMBERS = "min_members", _("Members")
