"""Employee innovation achievements (职工创新成果): the achievement and its completers in
order, attachments, patents and the benefit ledger (创效). Behaviour lives in services.

An achievement belongs to one enterprise (scoping goes through it); its studio, if any, is
hosted in that enterprise's subtree. Benefit is recorded once per achievement and year, so
totals over studios, enterprises or completers never count an achievement twice (see
`selectors.benefit_total`)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jiangxin.core.patent_numbers import NUMBER_MAX_LENGTH
from jiangxin.core.scope_keys import ScopeKeyed, scope_key_indexes

from .enums import (
    AchievementKind,
    AchievementStatus,
    AttachmentType,
    PatentOffice,
    PatentStatus,
    PatentType,
)


class Achievement(ScopeKeyed):
    scope_owner = "enterprise"  # core/scope_keys.py: the keys mirror its path

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=AchievementKind.choices)
    description = models.TextField(_("description"), blank=True)
    enterprise = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    studio = models.ForeignKey(
        "studios.Studio",
        verbose_name=_("innovation studio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AchievementStatus.choices,
        default=AchievementStatus.SUBMITTED,
    )
    classified = models.BooleanField(
        _("classified"),
        default=False,
        help_text=_("Classified material is excluded from public selections."),
    )
    ip_dispute = models.BooleanField(
        _("intellectual-property dispute"),
        default=False,
        help_text=_("An open IP dispute excludes the achievement from selections."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("innovation achievement")
        verbose_name_plural = _("innovation achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "title"], name="achievement_title_once_per_enterprise"
            )
        ]
        indexes = [
            *scope_key_indexes("achievement"),
            models.Index(fields=["enterprise", "id"], name="achievement_ent_idx"),
            models.Index(fields=["status", "id"], name="achievement_status_idx"),
            models.Index(fields=["studio", "status"], name="achievement_studio_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("achievements:detail", args=[self.pk])

    @property
    def org(self):
        """The owning org (what audit rows and the access layer scope by)."""
        return self.enterprise


class Completer(models.Model):
    """One completer (完成人) of an achievement; order 1 is the first completer."""

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        related_name="completers",
    )
    worker = models.ForeignKey(
        "people.Worker",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="achievement_completions",
    )
    order = models.PositiveSmallIntegerField(_("order"), validators=[MinValueValidator(1)])
    share_pct = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("completer")
        verbose_name_plural = _("completers")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["achievement", "order"], name="completer_order_once"),
            models.UniqueConstraint(fields=["achievement", "worker"], name="completer_once"),
        ]
        indexes = [models.Index(fields=["worker", "order"], name="completer_worker_idx")]

    def __str__(self) -> str:
        return f"{self.order}. {self.worker}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under MEDIA_ROOT/achievements/ by a random name (the original name is kept in
    the row, never in the file system)."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"achievements/{instance.achievement_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=8, choices=AttachmentType.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Patent(models.Model):
    """A patent of an achievement, at one office, with its lifecycle (applied → granted →
    lapsed, or rejected; see `domain.workflow`). The number is validated by its
    office's rules (`jiangxin.core.patent_numbers`) and stored normalised."""

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        related_name="patents",
    )
    office = models.CharField(
        _("patent office"), max_length=8, choices=PatentOffice.choices, default=PatentOffice.CN
    )
    patent_type = models.CharField(_("patent type"), max_length=16, choices=PatentType.choices)
    application_number = models.CharField(
        _("application number"),
        max_length=NUMBER_MAX_LENGTH,
        help_text=_("Stored normalised, e.g. 202310123456.6 or PCT/CN2024/123456."),
    )
    title = models.CharField(_("patent title"), max_length=200, blank=True)
    filed_on = models.DateField(_("application date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PatentStatus.choices, default=PatentStatus.APPLIED
    )
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    grant_number = models.CharField(_("grant number"), max_length=40, blank=True)
    ended_on = models.DateField(_("rejected or lapsed on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        ordering = ["application_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "application_number"], name="patent_number_once_per_office"
            )
        ]
        indexes = [models.Index(fields=["status", "grant_date"], name="patent_status_grant_idx")]

    def __str__(self) -> str:
        return f"{self.application_number} ({self.get_patent_type_display()})"


class BenefitEntry(models.Model):
    """The benefit ledger (创效): one entry per achievement and year, claimed by the
    enterprise, certified (at most the claim) by a federation."""

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        related_name="benefits",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    claimed_yuan = models.DecimalField(
        _("claimed benefit (yuan)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    certified_yuan = models.DecimalField(
        _("certified benefit (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("benefit entry")
        verbose_name_plural = _("benefit entries")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["achievement", "year"], name="benefit_once_a_year"),
            models.CheckConstraint(
                condition=Q(certified_yuan__isnull=True)
                | Q(certified_yuan__lte=models.F("claimed_yuan")),
                name="benefit_certified_lte_claimed",
            ),
        ]
        indexes = [models.Index(fields=["year", "achievement"], name="benefit_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.claimed_yuan}"

    @property
    def is_certified(self) -> bool:
        return self.certified_yuan is not None
