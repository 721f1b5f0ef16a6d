"""Subject adapters: what a campaign selects, referenced as (`subject_kind`, `subject_id`).

Each adapter knows how to load its subjects, title them, find their organisation and
their people (in order: the first is the main person — the first completer, the nominee,
the studio leader), build their eligibility profile and apply a result. A module declares
its adapters in its `module.py` (`subjects=[dotted path of a SubjectAdapter subclass]`,
read through core/modules.py). The apps below selection (people, achievements, studios)
cannot import this module, so selection declares their adapters for them and calls their
services directly; a module above selection (a competition, …) declares its own.

Mentoring (师带徒) has no model yet: `mentoring_check` returns None until an app
registers one with `register_mentoring_check`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext as _

from jiangxin.core.modules import registry_version, subject_adapters
from jiangxin.studios.domain.workflow import STUDIO

from .domain.coi import MentoringCheck
from .domain.eligibility import SubjectProfile
from .enums import EntryStatus, RecommendationKind, SubjectKind

_mentoring: MentoringCheck | None = None


def register_mentoring_check(check: MentoringCheck | None) -> None:
    """Install (or, with None, remove) the mentor/apprentice test used for conflicts of
    interest: check(expert_worker_ids, subject_worker_ids) → True when linked."""
    global _mentoring
    _mentoring = check


def mentoring_check() -> MentoringCheck | None:
    return _mentoring


class SubjectUnavailable(LookupError):
    pass


class SubjectAdapter:
    kind: ClassVar[str]
    model_label: ClassVar[str]
    is_person: ClassVar[bool] = False  # public lists of people go by surname strokes

    def model(self):
        return apps.get_model(self.model_label)

    def queryset(self):
        return self.model().objects.all()

    def load(self, ids: Iterable[int]) -> dict[int, Any]:
        return {o.pk: o for o in self.queryset().filter(pk__in=list(ids))}

    def get(self, subject_id: int):
        return self.load([subject_id]).get(subject_id)

    # --- describing a subject ---------------------------------------------------------

    def title(self, obj) -> str:
        return str(obj)

    def public_name(self, obj) -> str:
        return self.title(obj)

    def org(self, obj):
        raise NotImplementedError

    def people(self, obj) -> list:
        return []

    def field(self, obj) -> str:
        return ""

    def studio_ids(self, obj) -> set[int]:
        return set()

    def subject_ids_of(self, workers):
        """The subjects these workers (a Worker queryset) are people of, as a subquery."""
        return self.queryset().none().values("pk")

    def scope_q(self, user) -> Q:
        raise NotImplementedError

    def nominable_q(self) -> Q:
        """The subjects that may be nominated at all (e.g. accepted achievements only)."""
        return Q()

    def not_nominable_reason(self, obj) -> str:
        """Why this subject cannot be nominated (empty: it can)."""
        return ""

    def search(self, user, q: str, *, limit: int = 20) -> list:
        """Nominable subjects in the user's scope whose title starts with `q` (the
        nomination picker)."""
        from jiangxin.core.access import scoped

        qs = scoped(self.queryset(), user, self.org_field).filter(self.nominable_q())
        if q:
            qs = qs.filter(**{f"{self.title_field}__startswith": q})
        return list(qs.order_by("-pk")[:limit])

    org_field: ClassVar[str] = "org"
    title_field: ClassVar[str] = "name"

    # --- eligibility ------------------------------------------------------------------

    def profile(self, obj, campaign) -> SubjectProfile:
        people = self.people(obj)
        return SubjectProfile(
            already_awarded=self.already_awarded(obj, campaign),
            managers=tuple(w.name for w in people if not w.first_line),
            skill_levels={w.name: w.skill_level for w in people},
        )

    def already_awarded(self, obj, campaign) -> bool:
        """Awarded in an earlier campaign of the same kind."""
        from .models import Entry

        return (
            Entry.objects.filter(
                subject_kind=self.kind, subject_id=obj.pk, status=EntryStatus.AWARDED
            )
            .exclude(campaign=campaign)
            .exists()
        )

    # --- results ----------------------------------------------------------------------

    def on_announce(self, *, entry, obj, announcement, actor) -> None:
        """Called when the entry goes into the public announcement."""

    def on_withdraw(self, *, entry, obj, reason: str, actor) -> None:
        """Called when an upheld objection withdraws the entry."""

    def apply_result(self, *, entry, obj, actor) -> list[str]:
        """Make the award take effect (honours, recommendations …); returns what was done."""
        return []


class _WorkerSubject(SubjectAdapter):
    model_label = "people.Worker"
    is_person = True
    org_field = "employer"

    def queryset(self):
        return self.model().objects.select_related("employer")

    def org(self, obj):
        return obj.employer

    def people(self, obj) -> list:
        return [obj]

    def field(self, obj) -> str:
        return obj.occupation

    def title(self, obj) -> str:
        return obj.name

    def studio_ids(self, obj) -> set[int]:
        return _studios_of([obj.pk])

    def subject_ids_of(self, workers):
        return workers.values("pk")

    def already_awarded(self, obj, campaign) -> bool:
        from jiangxin.people.models import Honour

        types = [t.honour_type_id for t in campaign.tiers.all() if t.honour_type_id]
        if (
            types
            and Honour.objects.verified().filter(worker=obj, honour_type_id__in=types).exists()
        ):
            return True
        return super().already_awarded(obj, campaign)


class CraftsmanTitle(_WorkerSubject):
    """A craftsman title (青岛大工匠, 青岛工匠 …): winners receive the tier's honour."""

    kind = SubjectKind.CRAFTSMAN_TITLE

    def apply_result(self, *, entry, obj, actor) -> list[str]:
        from jiangxin.people.models import Honour
        from jiangxin.people.services import honour_award

        tier = entry.tier
        if tier is None or tier.honour_type_id is None:
            return []
        campaign = entry.campaign
        if Honour.objects.filter(
            worker=obj, honour_type_id=tier.honour_type_id, year=campaign.year
        ).exists():
            return []
        honour_award(
            actor=actor,
            worker=obj,
            honour_type=tier.honour_type,
            year=campaign.year,
            awarding_body=campaign.org.name[:80],
            document_number=campaign.decision_number,
        )
        return [_("Honour %(honour)s recorded") % {"honour": tier.honour_type.name}]


class ModelWorkerRecommendation(_WorkerSubject):
    kind = SubjectKind.MODEL_WORKER_RECOMMENDATION

    def apply_result(self, *, entry, obj, actor) -> list[str]:
        from .models import Recommendation

        if entry.tier is None:
            return []
        Recommendation.objects.get_or_create(
            campaign=entry.campaign, entry=entry, worker=obj, kind=RecommendationKind.MODEL_WORKER
        )
        return [_("Recommended as a model worker")]


class AchievementAward(SubjectAdapter):
    """An innovation achievement award: the first completer of a tier marked so (special
    or first prize) is recommended for the May Day Labour Medal."""

    kind = SubjectKind.ACHIEVEMENT_AWARD
    model_label = "achievements.Achievement"
    org_field = "enterprise"
    title_field = "title"

    def queryset(self):
        return (
            self.model().objects.select_related("enterprise").prefetch_related("completers__worker")
        )

    def title(self, obj) -> str:
        return obj.title

    def public_name(self, obj) -> str:
        """The completers, in order (the 公示 lists who made it beside its title)."""
        return "、".join(w.name for w in self.people(obj)) or obj.title

    def org(self, obj):
        return obj.enterprise

    def nominable_q(self) -> Q:
        from jiangxin.achievements.enums import AchievementStatus

        return Q(status=AchievementStatus.ACCEPTED)

    def not_nominable_reason(self, obj) -> str:
        from jiangxin.achievements.enums import AchievementStatus

        if obj.status != AchievementStatus.ACCEPTED:
            return _("%(title)s is %(status)s: only accepted achievements can be nominated.") % {
                "title": obj.title,
                "status": obj.get_status_display(),
            }
        return ""

    def people(self, obj) -> list:
        return [c.worker for c in sorted(obj.completers.all(), key=lambda c: c.order)]

    def field(self, obj) -> str:
        return obj.get_kind_display()

    def studio_ids(self, obj) -> set[int]:
        return {obj.studio_id} if obj.studio_id else set()

    def subject_ids_of(self, workers):
        from jiangxin.achievements.models import Completer

        return Completer.objects.filter(worker__in=workers).values("achievement_id")

    def profile(self, obj, campaign) -> SubjectProfile:
        base = super().profile(obj, campaign)
        return SubjectProfile(
            already_awarded=base.already_awarded,
            managers=base.managers,
            skill_levels=base.skill_levels,
            classified=bool(obj.classified),
            ip_dispute=bool(obj.ip_dispute),
        )

    def apply_result(self, *, entry, obj, actor) -> list[str]:
        from .models import Recommendation

        tier = entry.tier
        people = self.people(obj)
        if tier is None or not tier.recommend_may_day or not people:
            return []
        first = people[0]
        Recommendation.objects.get_or_create(
            campaign=entry.campaign,
            entry=entry,
            worker=first,
            kind=RecommendationKind.MAY_DAY_MEDAL,
        )
        return [_("%(name)s recommended for the May Day Labour Medal") % {"name": first.name}]


class StudioNaming(SubjectAdapter):
    """Studio naming through a campaign: the studio is announced with the campaign's
    announcement and named (with its own certificate) on publication, through the studios
    services (`studio_announce_via_campaign`, `studio_withdraw_from_announcement`,
    `studio_name`)."""

    kind = SubjectKind.STUDIO_NAMING
    model_label = "studios.Studio"
    org_field = "host"

    def queryset(self):
        return (
            self.model()
            .objects.select_related("host", "leader")
            .prefetch_related("members__worker")
        )

    def org(self, obj):
        return obj.host

    def people(self, obj) -> list:
        members = sorted(obj.members.all(), key=lambda m: (m.worker_id != obj.leader_id, m.pk))
        people = [m.worker for m in members]
        return people or [obj.leader]

    def field(self, obj) -> str:
        return obj.field

    def studio_ids(self, obj) -> set[int]:
        return {obj.pk}

    def public_name(self, obj) -> str:
        return obj.name

    def on_announce(self, *, entry, obj, announcement, actor) -> None:
        from jiangxin.studios.services import studio_announce_via_campaign

        studio_announce_via_campaign(
            actor=actor,
            studio=obj,
            starts_on=announcement.starts_on,
            ends_on=announcement.ends_on,
            campaign_title=entry.campaign.title,
        )

    def on_withdraw(self, *, entry, obj, reason: str, actor) -> None:
        from jiangxin.studios.services import studio_withdraw_from_announcement

        studio_withdraw_from_announcement(actor=actor, studio=obj, reason=reason)

    def apply_result(self, *, entry, obj, actor) -> list[str]:
        from django.utils import timezone

        from jiangxin.studios.services import studio_name

        if entry.tier is None or not STUDIO.can(obj.status, "name"):
            return []
        named = studio_name(
            actor=actor,
            studio=obj,
            document_number=entry.campaign.decision_number,
            unveiled_on=timezone.localdate(),
            level=obj.level,
            # the campaign's decision is the recorded reason if a naming rule is unmet
            override_reason=_("Decided by the selection “%(title)s” (%(number)s).")
            % {"title": entry.campaign.title, "number": entry.campaign.decision_number},
        )
        if named.certificate_id and entry.certificate_id is None:
            entry.certificate_id = named.certificate_id
        return [_("Studio named")]


_BUILT: dict = {}


def adapters() -> dict[str, SubjectAdapter]:
    """Every module's subject adapters by kind (built again when the registry changes; a
    kind declared twice is refused)."""
    version = registry_version()
    if _BUILT.get("version") != version:
        built: dict[str, SubjectAdapter] = {}
        for cls in subject_adapters():
            if cls.kind in built:
                raise ImproperlyConfigured(f"Subject kind {cls.kind!r} is declared twice.")
            built[cls.kind] = cls()
        _BUILT.update(version=version, adapters=built)
    return _BUILT["adapters"]


def adapter_for(kind: str) -> SubjectAdapter:
    try:
        return adapters()[kind]
    except KeyError as exc:
        raise SubjectUnavailable(kind) from exc


def available_kinds() -> list[str]:
    return list(adapters())


def _studios_of(worker_ids: Iterable[int]) -> set[int]:
    """The studios these workers are members of."""
    from jiangxin.studios.models import StudioMember

    ids = list(worker_ids)
    if not ids:
        return set()
    return set(StudioMember.objects.filter(worker_id__in=ids).values_list("studio_id", flat=True))


def studios_of_workers(worker_ids: Iterable[int]) -> set[int]:
    return _studios_of(worker_ids)
