from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class SkillLevel(models.IntegerChoices):
    """The eight-level vocational skill ladder."""

    APPRENTICE = 1, _("Apprentice")
    JUNIOR = 2, _("Junior worker")
    INTERMEDIATE = 3, _("Intermediate worker")
    SENIOR = 4, _("Senior worker")
    TECHNICIAN = 5, _("Technician")
    SENIOR_TECHNICIAN = 6, _("Senior technician")
    PRINCIPAL_TECHNICIAN = 7, _("Principal technician")
    CHIEF_TECHNICIAN = 8, _("Chief technician")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    SENIOR_HIGH = "senior_high", _("Senior high / technical secondary")
    VOCATIONAL = "vocational", _("Higher vocational (dazhuan)")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctorate")


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    INDUSTRY = "industry", _("Industry level")
    ENTERPRISE = "enterprise", _("Enterprise")


class HonourCategory(models.TextChoices):
    MODEL_WORKER = "model_worker", _("Model worker")
    MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal")
    CRAFTSMAN = "craftsman", _("Craftsman title")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")
    OTHER = "other", _("Other honour")


class EvidenceKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Vocational skill certificate")
    COMPETITION = "competition", _("Competition result")
    APPRAISAL = "appraisal", _("Enterprise appraisal")


class HonourStatus(models.TextChoices):
    """An honour recorded by an enterprise is *declared* until the awarding body (or a
    federation at that level) verifies it; only verified honours count (see
    `HonourQuerySet.verified`)."""

    DECLARED = "declared", _("Declared, awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
