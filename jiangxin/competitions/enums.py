from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL_1 = "provincial_1", _("Provincial first-class")
    PROVINCIAL_2 = "provincial_2", _("Provincial second-class")
    PROVINCIAL_3 = "provincial_3", _("Provincial third-class")
    CITY = "city", _("City")
    ENTERPRISE = "enterprise", _("Enterprise")


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    MARKING = "marking", _("Marking")
    PUBLISHED = "published", _("Results published")


class TrackMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual event")
    TEAM = "team", _("Team event")


class StageKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise selection")
    CITY = "city", _("City round")
    PROVINCIAL = "provincial", _("Provincial final")
    NATIONAL = "national", _("National final")


class AdvanceRule(models.TextChoices):
    TOP_N = "top_n", _("Top N")
    TOP_PERCENT = "top_percent", _("Top per cent")


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ENTERPRISE_APPROVED = "enterprise_approved", _("Approved by the enterprise union")
    ORGANISER_APPROVED = "organiser_approved", _("Approved by the organiser")
    COMMITTEE_APPROVED = "committee_approved", _("Approved by the committee")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUBSTITUTED = "substituted", _("Substituted")


class RegistrationSource(models.TextChoices):
    SELF = "self", _("Registered by the worker")
    IMPORT = "import", _("Excel import")
    API = "api", _("API")
    SUBSTITUTE = "substitute", _("Substitution")


# Registrations that hold a place (count against quotas and the once-per-track rule).
ENDED = (RegistrationStatus.WITHDRAWN.value, RegistrationStatus.SUBSTITUTED.value)
HOLDING = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.ENTERPRISE_APPROVED,
    RegistrationStatus.ORGANISER_APPROVED,
    RegistrationStatus.COMMITTEE_APPROVED,
)
# The approval ladder: status → the level that approves it next.
LADDER = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.ENTERPRISE_APPROVED,
    RegistrationStatus.ORGANISER_APPROVED,
    RegistrationStatus.COMMITTEE_APPROVED,
)


class PrizeChoice(models.TextChoices):
    """The prizes a result can carry (the values of `domain.results.Prize`)."""

    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    EXCELLENCE = "excellence", _("Excellence award")
