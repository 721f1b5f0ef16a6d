"""Model-worker and craftsman innovation studios (劳模和工匠人才创新工作室): the studio, its
members, its way up the review path, the naming rules, quarterly reports, annual
assessments and the creation-rate targets. Behaviour lives in services, not here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.core.scope_keys import ScopeKeyed, scope_key_indexes
from jiangxin.orgs.enums import OrgKind

from .enums import (
    MemberRole,
    Rating,
    ReviewDecision,
    RuleKind,
    StageLevel,
    StudioLevel,
    StudioStatus,
)


def _employed_under(worker, org) -> bool:
    return worker.employer.path.startswith(org.path)


class Studio(ScopeKeyed):
    scope_owner = "host"  # core/scope_keys.py: the keys mirror its path

    name = models.CharField(_("name"), max_length=120)
    leader = models.ForeignKey(
        "people.Worker",
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="led_studios",
    )
    host = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("host enterprise"),
        on_delete=models.PROTECT,
        related_name="studios",
    )
    field = models.CharField(_("technical field"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    space_m2 = models.DecimalField(
        _("space (m²)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_yuan = models.DecimalField(
        _("funding (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    established_on = models.DateField(_("established on"))
    level = models.CharField(_("level applied for"), max_length=16, choices=StudioLevel.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StudioStatus.choices,
        default=StudioStatus.DRAFT,
        db_index=True,
    )
    stage_level = models.CharField(
        _("review stage"), max_length=16, choices=StageLevel.choices, blank=True
    )
    stage_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("reviewing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    announce_until = models.DateField(_("announcement ends"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    unveiled_on = models.DateField(_("unveiling date"), null=True, blank=True)
    named_level = models.CharField(
        _("named level"), max_length=16, choices=StudioLevel.choices, blank=True
    )
    named_at = models.DateTimeField(_("named"), null=True, blank=True)
    certificate = models.ForeignKey(
        "core.IssuedDocument",
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    rule_results = models.JSONField(_("naming rule results"), default=list, blank=True)
    rules_checked_at = models.DateTimeField(_("rules checked"), null=True, blank=True)
    naming_override_reason = models.TextField(
        _("reason for naming despite unmet rules"), blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("innovation studio")
        verbose_name_plural = _("innovation studios")
        constraints = [
            models.UniqueConstraint(
                fields=["host", "name"],
                condition=~models.Q(status=StudioStatus.REVOKED),
                name="studio_name_once_per_host",
            )
        ]
        indexes = [
            *scope_key_indexes("studio"),
            models.Index(fields=["status", "id"], name="studio_status_idx"),
            models.Index(fields=["stage_org", "status"], name="studio_stage_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("studios:detail", args=[self.pk])

    @property
    def is_named(self) -> bool:
        return self.status == StudioStatus.NAMED

    def clean(self) -> None:
        errors = {}
        if self.host_id and self.host.kind != OrgKind.ENTERPRISE:
            errors["host"] = _("A studio is hosted by an enterprise.")
        elif self.host_id and self.leader_id and not _employed_under(self.leader, self.host):
            errors["leader"] = _(
                "The leader must be employed in the host enterprise (%(host)s)."
            ) % {"host": self.host.name}
        if self.established_on and self.established_on > timezone.localdate():
            errors["established_on"] = _("The date of establishment is in the future.")
        if errors:
            raise ValidationError(errors)


class StudioMember(models.Model):
    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="members"
    )
    worker = models.ForeignKey(
        "people.Worker",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="studio_memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    joined_on = models.DateField(_("joined on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("studio member")
        verbose_name_plural = _("studio members")
        constraints = [
            models.UniqueConstraint(fields=["studio", "worker"], name="studio_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.worker}"

    def clean(self) -> None:
        if self.studio_id and self.worker_id and not _employed_under(self.worker, self.studio.host):
            raise ValidationError(
                {
                    "worker": _("Members must be employed in the host enterprise (%(host)s).")
                    % {"host": self.studio.host.name}
                }
            )


class StudioReview(models.Model):
    """One decision on the way up: enterprise union → city federation → province."""

    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="reviews"
    )
    stage_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("reviewing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage_level = models.CharField(_("review stage"), max_length=16, choices=StageLevel.choices)
    decision = models.CharField(_("decision"), max_length=8, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acting_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("acted in its place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The federation that decided for a stage with no reviewer account."),
    )
    rule_results = models.JSONField(_("naming rule results"), default=list, blank=True)
    override_reason = models.TextField(_("reason for approving despite unmet rules"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("studio review")
        verbose_name_plural = _("studio reviews")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.studio} · {self.get_stage_level_display()} · {self.get_decision_display()}"


class NamingRule(models.Model):
    """A naming criterion as data: one of a fixed set of evaluators with its parameters
    (see `jiangxin.studios.rules`)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200)
    kind = models.CharField(_("evaluator"), max_length=40, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    level = models.CharField(
        _("applies to level"),
        max_length=16,
        choices=StudioLevel.choices,
        blank=True,
        help_text=_("Leave empty for every level."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("naming rule")
        verbose_name_plural = _("naming rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        from .rules import rule_params_errors

        if errors := rule_params_errors(self.kind, self.params):
            raise ValidationError({"params": errors})


class StudioQuarterlyReport(models.Model):
    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    activities = models.TextField(_("activities"))
    trainings = models.PositiveIntegerField(_("trainings and exchanges held"), default=0)
    achievements = models.TextField(_("achievements"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "year", "quarter"], name="studio_report_once_a_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.studio} {self.year} Q{self.quarter}"


class StudioAssessment(models.Model):
    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicators = models.JSONField(
        _("indicators"),
        default=dict,
        blank=True,
        help_text=_("Computed from the platform's records at assessment time."),
    )
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("assessed"), default=timezone.now)

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "year"], name="studio_assessed_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.studio} {self.year} {self.get_rating_display()}"


class CreationRateTarget(models.Model):
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="creation_rate_targets",
    )
    target_rate = models.DecimalField(
        _("target rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    by_date = models.DateField(_("by"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("creation-rate target")
        verbose_name_plural = _("creation-rate targets")
        ordering = ["-by_date", "-id"]
        indexes = [models.Index(fields=["org", "-by_date"], name="studio_target_org_idx")]

    def __str__(self) -> str:
        return f"{self.org} {self.target_rate}% · {self.by_date}"


class CreationRateCell(models.Model):
    """The creation-rate rollup (studios/creation_rate.py): for each org, the qualified
    workers (first-line, holding a verified counting honour) employed directly at it
    (`own_*`) and in its whole subtree (`sub_*`), and how many of them lead a named studio.
    Rebuilt by `creation_rate_rollup_rebuild`; `path` and `depth` copy the org's."""

    org = models.OneToOneField("orgs.Org", on_delete=models.CASCADE, primary_key=True)
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    own_total = models.PositiveIntegerField(default=0)
    own_leading = models.PositiveIntegerField(default=0)
    sub_total = models.PositiveIntegerField(default=0)
    sub_leading = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["depth", "path"], name="studio_rate_cell_idx")]

    def __str__(self) -> str:
        return self.path
