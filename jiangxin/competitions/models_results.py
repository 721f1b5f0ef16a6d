"""A registration's result in one stage of a competition: the raw marks by criterion,
the standardised score with the parameters and formula version that produced it, the
rank and the prize. Rows are written by the results service from the marks (or from an
imported results sheet) and are read by score cards, results lists, medal tables,
certificates and the consequence rules."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import PrizeChoice


class Result(models.Model):
    registration = models.ForeignKey(
        "competitions.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    stage = models.ForeignKey(
        "competitions.Stage", verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+"
    )
    track = models.ForeignKey(  # the registration's track, kept here for ranking reads
        "competitions.Track", verbose_name=_("track"), on_delete=models.CASCADE, related_name="+"
    )
    # Raw marks: None while unmarked. `by_criterion` maps a criterion letter to its
    # points as a decimal string ({"A": "18.50", …}).
    raw_total = models.DecimalField(
        _("raw total"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    theory_total = models.DecimalField(
        _("theory"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    practical_total = models.DecimalField(
        _("practical"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    by_criterion = models.JSONField(_("marks by criterion"), default=dict, blank=True)
    # The standardised score (0–1000) and what produced it (domain/standardise.py):
    scaled = models.PositiveSmallIntegerField(_("standardised score"), null=True, blank=True)
    std_params = models.JSONField(_("standardisation parameters"), default=dict, blank=True)
    formula_version = models.CharField(_("formula version"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    official_rank = models.PositiveIntegerField(_("official rank"), null=True, blank=True)
    tied = models.BooleanField(_("tied"), default=False)
    decided_by = models.CharField(_("decided by"), max_length=16, blank=True)
    eligible = models.BooleanField(_("eligible for prizes"), default=True)
    prize = models.CharField(_("prize"), max_length=12, choices=PrizeChoice.choices, blank=True)
    advances = models.BooleanField(_("advances to the next stage"), default=False)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["registration", "stage"], name="comp_result_once")
        ]
        indexes = [
            models.Index(fields=["track", "stage", "rank"], name="comp_result_rank_idx"),
            models.Index(
                fields=["stage", "prize"], condition=~Q(prize=""), name="comp_result_prize_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} · {self.stage_id} · {self.scaled}"
