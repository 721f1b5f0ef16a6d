from django.db import models
from django.utils.translation import gettext_lazy as _


class AchievementKind(models.TextChoices):
    """Kinds of employee innovation achievement (职工创新成果)."""

    TECHNICAL_INNOVATION = "technical_innovation", _("Technical innovation")
    INVENTION = "invention", _("Invention")
    PROCESS_IMPROVEMENT = "process_improvement", _("Process improvement")
    MANAGEMENT_IMPROVEMENT = "management_improvement", _("Management improvement")
    SMALL_INVENTION = "small_invention", _("Small invention")
    SMALL_CREATION = "small_creation", _("Small creation")
    SMALL_INNOVATION = "small_innovation", _("Small innovation")
    SMALL_DESIGN = "small_design", _("Small design")
    SMALL_SUGGESTION = "small_suggestion", _("Small suggestion")
    RATIONALISATION = "rationalisation", _("Rationalisation proposal")
    OPERATING_METHOD = "operating_method", _("Advanced operating method")


# The "five smalls" (五小).
FIVE_SMALLS = frozenset(
    {
        AchievementKind.SMALL_INVENTION,
        AchievementKind.SMALL_CREATION,
        AchievementKind.SMALL_INNOVATION,
        AchievementKind.SMALL_DESIGN,
        AchievementKind.SMALL_SUGGESTION,
    }
)


class AchievementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")


class PatentType(models.TextChoices):
    INVENTION = "invention", _("Invention patent")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design patent")
    PCT = "pct", _("International application (PCT)")


# jiangxin.core.validators.PATENT_TYPES value (from the type digit) → PatentType.
PATENT_TYPE_OF_NUMBER = {
    "invention": PatentType.INVENTION,
    "utility_model": PatentType.UTILITY_MODEL,
    "design": PatentType.DESIGN,
    "pct_invention": PatentType.PCT,
    "pct_utility_model": PatentType.PCT,
}


class PatentOffice(models.TextChoices):
    """The office a patent was filed with (jiangxin.core.patent_numbers has each one's
    number format)."""

    CN = "cn", _("China")
    PCT = "pct", _("PCT (international)")
    US = "us", _("United States")
    EP = "ep", _("Europe (EPO)")
    JP = "jp", _("Japan")
    OTHER = "other", _("Other office")


class PatentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    LAPSED = "lapsed", _("Lapsed")
    REJECTED = "rejected", _("Rejected")


class AttachmentType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"


ATTACHMENT_CONTENT_TYPES = {
    AttachmentType.PDF: "application/pdf",
    AttachmentType.JPG: "image/jpeg",
    AttachmentType.PNG: "image/png",
    AttachmentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
