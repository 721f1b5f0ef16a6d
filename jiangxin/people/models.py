from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiangxin.core.scope_keys import ScopeKeyed, scope_key_indexes
from jiangxin.core.validators import validate_mobile

from .enums import (
    Education,
    EvidenceKind,
    Gender,
    HonourCategory,
    HonourLevel,
    HonourStatus,
    SkillLevel,
)


class Worker(ScopeKeyed):
    """A worker in the registry. The resident ID number is never stored in clear: `id_cipher`
    is AES-GCM (key from the environment), `id_hash` an HMAC blind index for exact lookup and
    dedupe, `id_masked` what lists show (first 6 and last 4)."""

    scope_owner = "employer"  # core/scope_keys.py: the keys mirror its path

    name = models.CharField(_("name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    id_cipher = models.TextField(_("resident ID number (encrypted)"), editable=False)
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_masked = models.CharField(_("resident ID number"), max_length=18, editable=False)
    birth_date = models.DateField(_("date of birth"))
    mobile = models.CharField(_("mobile"), max_length=14, blank=True, validators=[validate_mobile])
    employer = models.ForeignKey(
        "orgs.Org", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="workers"
    )
    occupation = models.CharField(_("occupation"), max_length=60, blank=True)
    skill_level = models.PositiveSmallIntegerField(
        _("skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    first_line = models.BooleanField(_("first-line worker"), default=True)
    migrant = models.BooleanField(_("migrant worker"), default=False)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    union_member_since = models.DateField(_("union member since"), null=True, blank=True)
    showcase_consent = models.BooleanField(_("agrees to a public profile"), default=False)
    bio = models.TextField(_("public profile text"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [
            *scope_key_indexes("worker"),
            models.Index(fields=["employer", "id"], name="worker_employer_idx"),
            models.Index(fields=["employer", "first_line"], name="worker_firstline_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class HonourType(models.Model):
    """A title as data (大国工匠, 齐鲁工匠, 全国劳动模范 …), not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=HonourLevel.choices)
    category = models.CharField(_("category"), max_length=20, choices=HonourCategory.choices)
    awarding_body = models.CharField(_("usual awarding body"), max_length=80, blank=True)
    counts_for_creation_rate = models.BooleanField(
        _("counts as model worker or craftsman"),
        default=True,
        help_text=_("Holders count in the studio creation rate."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("honour type")
        verbose_name_plural = _("honour types")
        ordering = ["level", "category", "name"]

    def __str__(self) -> str:
        return self.name


class HonourQuerySet(models.QuerySet):
    def verified(self) -> HonourQuerySet:
        """The honours that count — in the creation rate, in selection eligibility, in
        studio rules, on the passport PDF and the public showcase. The one place the rule
        is written: an honour counts once it is verified."""
        return self.filter(status=HonourStatus.VERIFIED)

    def awaiting_verification(self) -> HonourQuerySet:
        return self.filter(status=HonourStatus.DECLARED)


class Honour(models.Model):
    """An honour a worker holds. `status` says whether it counts: recorded by an
    enterprise it is declared until the awarding body (or a federation at that level)
    verifies it. The field's default (verified) is for rows written by trusted code
    (migrations, seeds); every write a user makes (`honour_award`, the honour import)
    sets the status through `honour_initial_status`."""

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="honours"
    )
    honour_type = models.ForeignKey(
        HonourType, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    awarding_body = models.CharField(_("awarding body"), max_length=80)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    status = models.CharField(
        _("verification"),
        max_length=10,
        choices=HonourStatus.choices,
        default=HonourStatus.VERIFIED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("verified or rejected on"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    certificate = models.ForeignKey(
        "core.IssuedDocument",
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "honour_type", "year"], name="honour_once_a_year"
            )
        ]
        indexes = [
            models.Index(fields=["honour_type", "year"], name="honour_type_year_idx"),
            models.Index(fields=["status", "id"], name="honour_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.honour_type}"


class SkillPromotion(models.Model):
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="promotions"
    )
    level = models.PositiveSmallIntegerField(_("skill level"), choices=SkillLevel.choices)
    date = models.DateField(_("date"))
    evidence_kind = models.CharField(_("evidence"), max_length=16, choices=EvidenceKind.choices)
    evidence_ref = models.CharField(_("certificate or result number"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skill promotion")
        verbose_name_plural = _("skill promotions")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_level_display()}"
