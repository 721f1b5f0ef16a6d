from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """What a campaign selects; each kind has an adapter in `jiangxin.selection.subjects`."""

    ACHIEVEMENT_AWARD = "achievement_award", _("Innovation achievement award")
    CRAFTSMAN_TITLE = "craftsman_title", _("Craftsman title")
    STUDIO_NAMING = "studio_naming", _("Studio naming")
    MODEL_WORKER_RECOMMENDATION = "model_worker_recommendation", _("Model-worker recommendation")


class Stage(models.TextChoices):
    """A campaign's stages, in order (see `domain.workflow`)."""

    NOMINATION = "nomination", _("Nomination")
    FORMAL_CHECK = "formal_check", _("Formal check")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    RANKING = "ranking", _("Ranking")
    ANNOUNCEMENT = "announcement", _("Public announcement")
    PUBLISHED = "published", _("Published")


class Aggregation(models.TextChoices):
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (drop one highest and one lowest)")
    MEAN = "mean", _("Mean")


class Normalisation(models.TextChoices):
    NONE = "none", _("None")
    EXPERT = "expert", _("z-score per expert")
    PANEL = "panel", _("z-score per panel")


class QuotaMethod(models.TextChoices):
    FIXED = "fixed", _("Fixed numbers per organisation")
    ENTERPRISES = "enterprises", _("In proportion to enterprises")
    WORKERS = "workers", _("In proportion to workers")


class EntryStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    CHECK_PASSED = "check_passed", _("Formal check passed")
    CHECK_FAILED = "check_failed", _("Formal check failed")
    RANKED = "ranked", _("Ranked")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AWARDED = "awarded", _("Awarded")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ObjectorKind(models.TextChoices):
    PERSON = "person", _("A person (real name)")
    UNIT = "unit", _("A unit (official seal)")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld: entry withdrawn")
    DISMISSED = "dismissed", _("Dismissed")


class RecommendationKind(models.TextChoices):
    MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal")
    MODEL_WORKER = "model_worker", _("Model worker")


class RuleKind(models.TextChoices):
    """Eligibility and exclusion rules a campaign can use (their parameters are data)."""

    NOT_ALREADY_AWARDED = "not_already_awarded", _("Not already awarded this title")
    NOT_MANAGER = "not_manager", _("No managers (first-line workers only)")
    NOT_CLASSIFIED = "not_classified", _("No classified material")
    NO_IP_DISPUTE = "no_ip_dispute", _("No intellectual-property dispute")
    MIN_SKILL_LEVEL = "min_skill_level", _("Minimum skill level")


class TieBreak(models.TextChoices):
    MAX_SCORE = "max_score", _("Higher highest single score")
    FIRST_PLACES = "first_places", _("More first-place votes")
    EARLIEST_SUBMISSION = "earliest_submission", _("Earlier submission")


class CoiReason(models.TextChoices):
    SAME_EMPLOYER = "same_employer", _("Same employer")
    SAME_STUDIO = "same_studio", _("Same studio")
    MENTORING = "mentoring", _("Mentor or apprentice")
    SELF = "self", _("Is a nominee or completer")
    SAME_REGION = "same_region", _("Same region")
