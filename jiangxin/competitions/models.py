"""Competitions (劳动和技能竞赛), their tracks (赛项), stages, quotas and registrations.

Marking and results live beside these (their own models); registration is here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jiangxin.people.enums import SkillLevel
from jiangxin.selection.enums import QuotaMethod

from .enums import (
    ENDED,
    AdvanceRule,
    CompetitionLevel,
    CompetitionStatus,
    RegistrationSource,
    RegistrationStatus,
    StageKind,
    TrackMode,
)

USER = settings.AUTH_USER_MODEL


class Competition(models.Model):
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=CompetitionLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CompetitionStatus.choices,
        default=CompetitionStatus.DRAFT,
    )
    registration_deadline = models.DateField(
        _("registration deadline"),
        help_text=_("Registrations, withdrawals and substitutions until this day."),
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        indexes = [models.Index(fields=["org", "year"], name="comp_org_year_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", args=[self.pk])


class Track(models.Model):
    """One skill contested in a competition (赛项)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="tracks"
    )
    code = models.SlugField(
        _("track code"),
        max_length=32,
        unique=True,
        help_text=_("Short code that the registration workbook names the track by."),
    )
    name = models.CharField(_("track name"), max_length=80)
    occupation = models.CharField(
        _("occupation"), max_length=60, blank=True, help_text=_("Empty: any occupation.")
    )
    min_level = models.PositiveSmallIntegerField(
        _("lowest skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    max_level = models.PositiveSmallIntegerField(
        _("highest skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    mode = models.CharField(
        _("individual or team"), max_length=12, choices=TrackMode.choices, default="individual"
    )
    team_size = models.PositiveSmallIntegerField(_("team size"), default=1)
    theory_weight = models.PositiveSmallIntegerField(_("theory weight (%)"), default=30)
    practical_weight = models.PositiveSmallIntegerField(_("practical weight (%)"), default=70)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="comp_track_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """A round of the competition: enterprise selection → city round → provincial final."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    advance_rule = models.CharField(
        _("advancement"), max_length=12, choices=AdvanceRule.choices, default="top_n"
    )
    advance_value = models.PositiveIntegerField(_("advance how many"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="comp_stage_kind_once")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Quota(models.Model):
    """How many entrants of `org`'s subtree a stage takes (cascades down the tree)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="quotas")
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveIntegerField(_("places"))
    method = models.CharField(_("method"), max_length=16, choices=QuotaMethod.choices)
    weight = models.PositiveIntegerField(_("weight"), null=True, blank=True)
    set_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), auto_now=True)

    class Meta:
        verbose_name = _("competition quota")
        verbose_name_plural = _("competition quotas")
        constraints = [models.UniqueConstraint(fields=["stage", "org"], name="comp_quota_once")]

    def __str__(self) -> str:
        return f"{self.org} · {self.amount}"


class Registration(models.Model):
    """One person entered for one track. `employer` is the worker's employer when they
    registered (what scoping goes by); team tracks group registrations by `team_name`."""

    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="registrations"
    )
    worker = models.ForeignKey(
        "people.Worker", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "orgs.Org", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    team_name = models.CharField(_("team"), max_length=60, blank=True)
    is_leader = models.BooleanField(_("team leader"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
    )
    reason = models.TextField(_("reason"), blank=True)
    source = models.CharField(_("source"), max_length=12, choices=RegistrationSource.choices)
    substitute_for = models.OneToOneField(
        "self",
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substituted_by",
    )
    registered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "worker"],
                condition=~Q(status__in=ENDED),
                name="comp_reg_once_per_track",
            )
        ]
        indexes = [
            models.Index(fields=["track", "status", "id"], name="comp_reg_track_idx"),
            models.Index(fields=["employer", "id"], name="comp_reg_employer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.track}"

    def get_absolute_url(self) -> str:
        return reverse("competitions:registration_detail", args=[self.pk])


from .models_results import Result  # noqa: E402, F401  (the app's models live in two files)
