"""The one mechanism for naming and awarding (评选): a campaign with its rules, criteria,
award tiers and quotas; entries (the subjects nominated, referenced generically by kind
and id) with their ranked recommendation sheets; experts, panels, scorecards and the
conflicts found; the public announcement (公示) with its objections; and the
recommendations that results feed. Behaviour lives in services and `domain/`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jiangxin.core.scope_keys import ScopeKeyed, scope_key_indexes

from .enums import (
    Aggregation,
    EntryStatus,
    Normalisation,
    ObjectionStatus,
    ObjectorKind,
    QuotaMethod,
    RecommendationKind,
    ScorecardStatus,
    Stage,
    SubjectKind,
)

USER = settings.AUTH_USER_MODEL
DEFAULT_TIE_BREAKS = ["max_score", "first_places", "earliest_submission"]


def _default_tie_breaks() -> list[str]:
    return list(DEFAULT_TIE_BREAKS)


class Campaign(models.Model):
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    subject_kind = models.CharField(
        _("what is selected"), max_length=32, choices=SubjectKind.choices
    )
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.NOMINATION, db_index=True
    )
    rules = models.JSONField(_("eligibility and exclusion rules"), default=list, blank=True)
    aggregation = models.CharField(
        _("aggregation"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.TRIMMED_MEAN,
    )
    normalisation = models.CharField(
        _("normalisation"), max_length=8, choices=Normalisation.choices, default=Normalisation.NONE
    )
    blind = models.BooleanField(_("blind review"), default=False)
    coi_region_digits = models.PositiveSmallIntegerField(
        _("exclude experts of the same region"),
        default=0,
        choices=[(0, _("no")), (2, _("same province")), (4, _("same city")), (6, _("same county"))],
    )
    experts_per_entry = models.PositiveSmallIntegerField(
        _("experts per entry"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    tie_breaks = models.JSONField(_("tie-breaks"), default=_default_tie_breaks, blank=True)
    announcement_workdays = models.PositiveSmallIntegerField(
        _("announcement period (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    quota_method = models.CharField(
        _("quota method"), max_length=16, choices=QuotaMethod.choices, default=QuotaMethod.FIXED
    )
    decision_number = models.CharField(_("decision document number"), max_length=60, blank=True)
    award_list = models.ForeignKey(
        "core.IssuedDocument",
        verbose_name=_("award list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("selection campaign")
        verbose_name_plural = _("selection campaigns")
        indexes = [models.Index(fields=["org", "-year", "-id"], name="sel_campaign_org_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("selection:campaign_detail", args=[self.pk])

    def clean(self) -> None:
        from .domain.eligibility import rule_errors
        from .enums import TieBreak

        errors = {}
        if problems := rule_errors(self.rules):
            errors["rules"] = problems
        if not isinstance(self.tie_breaks, list) or any(
            t not in TieBreak.values for t in self.tie_breaks
        ):
            errors["tie_breaks"] = _("Choose tie-breaks from: %(names)s.") % {
                "names": ", ".join(TieBreak.values)
            }
        if errors:
            raise ValidationError(errors)


class ScheduleItem(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="schedule")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule item")
        verbose_name_plural = _("schedule")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "stage"], name="sel_schedule_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.starts_on or ''}–{self.ends_on or ''}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is before the start.")})


class Criterion(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="sel_criterion_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class AwardTier(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tiers")
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("1 is the highest."))
    name = models.CharField(_("name"), max_length=60)
    quota = models.PositiveIntegerField(_("places"))
    honour_type = models.ForeignKey(
        "people.HonourType",
        verbose_name=_("honour conferred"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommend_may_day = models.BooleanField(
        _("first completer recommended for the May Day Labour Medal"), default=False
    )

    class Meta:
        verbose_name = _("award tier")
        verbose_name_plural = _("award tiers")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="sel_tier_position_once")
        ]

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """How many nominations `org` may recommend up to its parent level."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
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
        verbose_name = _("nomination quota")
        verbose_name_plural = _("nomination quotas")
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="sel_quota_once")]

    def __str__(self) -> str:
        return f"{self.org} · {self.amount}"


class Entry(ScopeKeyed):
    """One subject nominated to a campaign. `org` is the subject's own organisation (what
    scoping goes by); `current_org` the level its nomination has reached."""

    scope_owner = "org"  # core/scope_keys.py: the keys mirror its path

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    subject_kind = models.CharField(_("kind"), max_length=32, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    title = models.CharField(_("title"), max_length=200)
    display_name = models.CharField(_("public name"), max_length=200)
    field = models.CharField(_("field"), max_length=120, blank=True)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    current_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("nomination level"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.NOMINATED
    )
    eligibility_reasons = models.JSONField(_("exclusion reasons"), default=list, blank=True)
    check_reason = models.CharField(_("formal check note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated"), db_index=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=3, null=True, blank=True)
    max_score = models.DecimalField(
        _("highest single score"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    first_places = models.PositiveIntegerField(_("first-place votes"), default=0)
    n_scores = models.PositiveSmallIntegerField(_("scores"), default=0)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    tied = models.BooleanField(_("unresolved tie"), default=False)
    tier = models.ForeignKey(
        AwardTier,
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frozen = models.BooleanField(_("frozen by an objection"), default=False)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    certificate = models.ForeignKey(
        "core.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subject_kind", "subject_id"], name="sel_entry_once"
            )
        ]
        indexes = [
            *scope_key_indexes("sel_entry"),
            models.Index(fields=["campaign", "current_org", "status"], name="sel_entry_level_idx"),
            models.Index(fields=["campaign", "status", "id"], name="sel_entry_status_idx"),
            models.Index(fields=["subject_kind", "subject_id"], name="sel_entry_subject_idx"),
            # The results page and export walk a campaign's ranked entries in rank order:
            # the page follows the index instead of sorting the campaign (issue 11).
            models.Index(
                fields=["campaign", "rank", "id"],
                name="sel_entry_rank_idx",
                condition=models.Q(rank__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("selection:entry_detail", args=[self.pk])

    @property
    def blind_label(self) -> str:
        return _("Entry %(n)s") % {"n": self.pk}


class SheetLine(models.Model):
    """One line of a level's ranked recommendation sheet (推荐表)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("recommending organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sheet_lines")
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    recommended = models.BooleanField(_("recommended"))
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation sheet line")
        verbose_name_plural = _("recommendation sheets")
        ordering = ["org", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "org"], name="sel_sheet_once")]

    def __str__(self) -> str:
        return f"{self.org_id} · {self.rank or '—'} · {self.entry_id}"


class ExpertProfile(models.Model):
    """An expert's specialities and employer (for panels and conflicts of interest)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="expert_profile")
    fields = models.JSONField(_("fields"), default=list, blank=True)
    speciality = models.CharField(_("speciality"), max_length=200, blank=True)
    employer = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the expert works, when it is not their home organisation."),
    )
    region_code = models.CharField(_("region code"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return str(self.user)


class Panel(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("name"), max_length=100)
    field = models.CharField(
        _("field"), max_length=120, blank=True, help_text=_("Empty: every field.")
    )
    members = models.ManyToManyField(USER, verbose_name=_("experts"), related_name="+", blank=True)

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Scorecard(models.Model):
    """One expert's scores for one entry. `version` rises with every save; a save names the
    version it was loaded at and fails when the row has moved on (no lost update)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scorecards")
    expert = models.ForeignKey(
        USER, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    panel = models.ForeignKey(
        Panel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=3, null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(fields=["entry", "expert"], name="sel_scorecard_once")
        ]
        indexes = [
            models.Index(fields=["expert", "status", "id"], name="sel_card_expert_idx"),
            models.Index(fields=["campaign", "entry"], name="sel_card_campaign_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.expert_id}"


class ConflictRecord(models.Model):
    """An expert kept off an entry at assignment, with the reasons (the COI report)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(_("reasons"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["entry", "expert"], name="sel_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.expert_id}: {', '.join(self.reasons)}"


class Announcement(models.Model):
    """The public announcement (公示) of a campaign's proposed results."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="announcement")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    notice = models.TextField(_("notice"), blank=True)
    starts_on = models.DateField(_("starts on"))
    workdays = models.PositiveSmallIntegerField(_("working days"))
    ends_on = models.DateField(_("ends on"))
    contact = models.CharField(_("contact for objections"), max_length=200, blank=True)
    opened_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("public announcement")
        verbose_name_plural = _("public announcements")
        indexes = [models.Index(fields=["-starts_on", "-id"], name="sel_announce_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcements:detail", args=[self.uuid])


def seal_path(instance: Objection, filename: str) -> str:
    """Stored by a random name under MEDIA_ROOT/selection/seals/ (never the upload's)."""
    ext = ".png" if filename.lower().endswith(".png") else ".jpg"
    return f"selection/seals/{uuid.uuid4().hex}{ext}"


REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def objection_reference() -> str:
    """A reference number for the objector, e.g. YY-K7Q2-M9XD (random: it cannot be
    guessed from another's)."""
    import secrets

    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))
    return f"YY-{chars[:4]}-{chars[4:]}"


class Objection(models.Model):
    """An objection (异议) to one entry: by a person under their real name, or by a unit
    with an image of its official seal. While open, the entry is frozen. The objector is
    given its `reference` to ask after it."""

    reference = models.CharField(
        _("reference number"), max_length=16, unique=True, default=objection_reference
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="objections")
    kind = models.CharField(_("objector"), max_length=8, choices=ObjectorKind.choices)
    name = models.CharField(_("real name"), max_length=50)
    contact = models.CharField(_("contact (phone or address)"), max_length=100)
    unit_name = models.CharField(_("unit name"), max_length=120, blank=True)
    seal_image = models.FileField(
        _("image of the official seal"), upload_to=seal_path, blank=True, max_length=120
    )
    content = models.TextField(_("objection"))
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    outcome_note = models.TextField(_("outcome"), blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-id"]
        indexes = [models.Index(fields=["entry", "status"], name="sel_objection_entry_idx")]

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_status_display()}"


class Investigation(models.Model):
    """A record of the investigation of an objection (who looked into what, when)."""

    objection = models.ForeignKey(
        Objection, on_delete=models.CASCADE, related_name="investigations"
    )
    notes = models.TextField(_("findings"))
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("investigation record")
        verbose_name_plural = _("investigation records")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.objection_id} · {self.at:%Y-%m-%d}"


class Recommendation(models.Model):
    """What a result feeds: e.g. the first completer of a first prize is recommended for
    the provincial May Day Labour Medal."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recommendations")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="recommendations")
    worker = models.ForeignKey(
        "people.Worker", on_delete=models.PROTECT, related_name="selection_recommendations"
    )
    kind = models.CharField(_("recommended for"), max_length=16, choices=RecommendationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "worker", "kind"], name="sel_recommendation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.get_kind_display()}"
