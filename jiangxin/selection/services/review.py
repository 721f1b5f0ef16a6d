"""Expert review: expert profiles, panels by field, assignment with automatic
conflict-of-interest exclusion, scorecards saved with optimistic concurrency, and
closing the review (aggregation, normalisation, ranking, tiers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core.audit import audit_record
from jiangxin.core.roles import Role
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import ancestor_paths, root_path

from ..access import require_manage
from ..domain import scoring
from ..domain.coi import ExpertFacts, SubjectFacts, coi_reasons
from ..domain.workflow import CAMPAIGN, SCORECARD, require_unfrozen
from ..enums import EntryStatus, ScorecardStatus, Stage
from ..models import Campaign, ConflictRecord, Entry, ExpertProfile, Panel, Scorecard
from ..selectors import scorecard_get
from ..subjects import adapter_for, mentoring_check, studios_of_workers
from .results import compute_results, save_results


class StaleScorecard(ValidationError):
    """The scorecard moved on since it was loaded (another tab or another save)."""


# --- experts and panels -----------------------------------------------------------------


MANAGER_ROLES = (Role.FEDERATION_ADMIN, Role.FEDERATION_STAFF)


def campaign_managers(campaign: Campaign) -> set[int]:
    """The users who manage the campaign: its creator and whoever holds an admin or staff
    role at the organiser or above it. They may not sit on its expert panel."""
    ids = set(
        RoleAssignment.objects.filter(
            role__in=MANAGER_ROLES,
            org__path__in=ancestor_paths(campaign.org.path, include_self=True),
        ).values_list("user_id", flat=True)
    )
    if campaign.created_by_id:
        ids.add(campaign.created_by_id)
    return ids


def expert_pool(campaign: Campaign) -> list[User]:
    """Users holding the expert role inside the organiser's subtree or above it, the
    campaign's own managers left out."""
    path = campaign.org.path
    ids = (
        RoleAssignment.objects.filter(role=Role.EXPERT)
        .filter(org__path__startswith=path)
        .values_list("user_id", flat=True)
    )
    above = RoleAssignment.objects.filter(
        role=Role.EXPERT, org__path__in=ancestor_paths(path, include_self=True)
    ).values_list("user_id", flat=True)
    return list(
        User.objects.filter(pk__in=set(ids) | set(above), is_active=True)
        .exclude(pk__in=campaign_managers(campaign))
        .select_related("home_org", "expert_profile__employer")
        .order_by("pk")
    )


@transaction.atomic
def expert_profile_set(
    *,
    actor,
    campaign: Campaign,
    expert: User,
    fields: list[str],
    speciality: str = "",
    employer: Org | None = None,
    region_code: str = "",
) -> ExpertProfile:
    require_manage(actor, campaign)
    if expert.pk not in {u.pk for u in expert_pool(campaign)}:
        raise ValidationError({"expert": _("No such expert in this selection's pool.")})
    if employer is not None and not employer.path.startswith(root_path(campaign.org.path)):
        raise ValidationError({"employer": _("No such organisation in your scope.")})
    region_code = (region_code or "").strip()
    if region_code and not (region_code.isdigit() and len(region_code) == 6):
        raise ValidationError({"region_code": _("A region code has six digits.")})
    profile, _created = ExpertProfile.objects.update_or_create(
        user=expert,
        defaults={
            "fields": [f.strip() for f in fields if f.strip()],
            "speciality": (speciality or "").strip()[:200],
            "employer": employer,
            "region_code": region_code,
        },
    )
    audit_record(
        actor=actor, action="selection.expert.profile", obj=campaign, details={"expert": expert.pk}
    )
    return profile


@transaction.atomic
def panel_create(
    *, actor, campaign: Campaign, name: str, field: str, expert_ids: list[int]
) -> Panel:
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "panels")
    pool = {u.pk for u in expert_pool(campaign)}
    if not expert_ids:
        raise ValidationError({"experts": _("Choose the panel's experts.")})
    managers = list(User.objects.filter(pk__in=campaign_managers(campaign) & set(expert_ids)))
    if managers:
        raise ValidationError(
            {
                "experts": _("%(names)s manage this selection and cannot sit on its expert panel.")
                % {"names": "、".join(str(u) for u in managers)}
            }
        )
    if unknown := [i for i in expert_ids if i not in pool]:
        raise ValidationError(
            {"experts": _("Not in this selection's expert pool: %(ids)s.") % {"ids": unknown}}
        )
    panel = Panel(campaign=campaign, name=(name or "").strip(), field=(field or "").strip())
    panel.full_clean()
    panel.save()
    panel.members.set(expert_ids)
    audit_record(
        actor=actor,
        action="selection.panel.create",
        obj=campaign,
        details={"panel": panel.pk, "experts": expert_ids},
    )
    return panel


# --- conflicts of interest --------------------------------------------------------------


def _enterprise_paths(orgs: list[Org]) -> dict[int, str]:
    """For each employer org (enterprise or branch): the path of its enterprise."""
    wanted = {
        p for o in orgs if o.kind == "branch" for p in ancestor_paths(o.path, include_self=True)
    }
    enterprises = (
        set(Org.objects.filter(path__in=wanted, kind="enterprise").values_list("path", flat=True))
        if wanted
        else set()
    )
    out = {}
    for o in orgs:
        if o.kind == "enterprise":
            out[o.pk] = o.path
        elif o.kind == "branch":
            out[o.pk] = next(
                (p for p in sorted(enterprises, key=len, reverse=True) if o.path.startswith(p)),
                o.path,
            )
    return out


def expert_facts(experts: list[User]) -> dict[int, ExpertFacts]:
    """Employer paths (a federation home is an administrative account, not an employer),
    region, own worker records and studios, for each expert."""
    from jiangxin.people.models import Worker

    orgs = []
    for u in experts:
        profile = getattr(u, "expert_profile", None)
        orgs += [o for o in (getattr(profile, "employer", None), u.home_org) if o is not None]
    employer_of = _enterprise_paths(orgs)
    workers = defaultdict(set)
    for wid, uid in Worker.objects.filter(user__in=experts).values_list("pk", "user_id"):
        workers[uid].add(wid)
    facts = {}
    for u in experts:
        profile = getattr(u, "expert_profile", None)
        own = [o for o in (getattr(profile, "employer", None), u.home_org) if o is not None]
        region = (getattr(profile, "region_code", "") or "") or (own[0].region_code if own else "")
        wids = frozenset(workers[u.pk])
        facts[u.pk] = ExpertFacts(
            user_id=u.pk,
            employer_paths=tuple(employer_of[o.pk] for o in own if o.pk in employer_of),
            region_code=region,
            worker_ids=wids,
            studio_ids=frozenset(studios_of_workers(wids)),
        )
    return facts


def subject_facts(campaign: Campaign, entries: list[Entry]) -> dict[int, SubjectFacts]:
    adapter = adapter_for(campaign.subject_kind)
    objs = adapter.load([e.subject_id for e in entries])
    facts = {}
    for e in entries:
        obj = objs.get(e.subject_id)
        people = adapter.people(obj) if obj is not None else []
        facts[e.pk] = SubjectFacts(
            org_path=e.org.path,
            region_code=e.org.region_code,
            worker_ids=frozenset(w.pk for w in people),
            studio_ids=frozenset(adapter.studio_ids(obj) if obj is not None else ()),
        )
    return facts


@dataclass
class AssignmentReport:
    assigned: int = 0
    excluded: int = 0
    short: list[tuple[Entry, int]] = field(default_factory=list)  # (entry, experts found)
    no_panel: list[Entry] = field(default_factory=list)


def _panel_for(entry: Entry, panels: list[Panel]) -> Panel | None:
    exact = [p for p in panels if p.field and p.field == entry.field]
    general = [p for p in panels if not p.field]
    return (exact or general or [None])[0]


@transaction.atomic
def experts_assign(*, actor, campaign: Campaign) -> AssignmentReport:
    """Give each entry that passed the formal check `experts_per_entry` experts of its
    panel, never one with a conflict of interest (each exclusion is recorded with its
    reasons); the least-loaded experts first. Running it again only fills gaps."""
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "assign_experts")
    panels = list(campaign.panels.prefetch_related("members"))
    if not any(p.members.all() for p in panels):
        raise ValidationError(_("Set up a panel with experts first."))
    entries = list(
        Entry.objects.filter(campaign=campaign, status=EntryStatus.CHECK_PASSED)
        .select_related("org")
        .order_by("pk")
    )
    managers = campaign_managers(campaign)
    experts = {u.pk: u for p in panels for u in p.members.all() if u.pk not in managers}
    users = list(
        User.objects.filter(pk__in=experts).select_related("home_org", "expert_profile__employer")
    )
    e_facts = expert_facts(users)
    s_facts = subject_facts(campaign, entries)
    existing = defaultdict(set)
    load = defaultdict(int)
    for entry_id, expert_id in Scorecard.objects.filter(campaign=campaign).values_list(
        "entry_id", "expert_id"
    ):
        existing[entry_id].add(expert_id)
        load[expert_id] += 1
    mentoring = mentoring_check()
    report = AssignmentReport()
    cards, conflicts = [], []
    ConflictRecord.objects.filter(campaign=campaign).delete()
    for entry in entries:
        panel = _panel_for(entry, panels)
        if panel is None:
            report.no_panel.append(entry)
            continue
        free = []
        for u in sorted(panel.members.all(), key=lambda u: u.pk):
            if u.pk in managers:
                continue
            reasons = coi_reasons(
                e_facts[u.pk],
                s_facts[entry.pk],
                region_digits=campaign.coi_region_digits,
                mentoring=mentoring,
            )
            if reasons:
                conflicts.append(
                    ConflictRecord(
                        campaign=campaign, entry=entry, expert=u, reasons=[str(r) for r in reasons]
                    )
                )
            elif u.pk not in existing[entry.pk]:
                free.append(u)
        need = campaign.experts_per_entry - len(existing[entry.pk])
        chosen = sorted(free, key=lambda u: (load[u.pk], u.pk))[: max(need, 0)]
        for u in chosen:
            cards.append(Scorecard(campaign=campaign, entry=entry, expert=u, panel=panel))
            load[u.pk] += 1
        if len(existing[entry.pk]) + len(chosen) < campaign.experts_per_entry:
            report.short.append((entry, len(existing[entry.pk]) + len(chosen)))
    Scorecard.objects.bulk_create(cards)
    ConflictRecord.objects.bulk_create(conflicts)
    report.assigned, report.excluded = len(cards), len(conflicts)
    audit_record(
        actor=actor,
        action="selection.experts.assign",
        obj=campaign,
        details={
            "assigned": len(cards),
            "excluded": len(conflicts),
            "short": [e.pk for e, _n in report.short],
        },
    )
    return report


# --- scorecards ---------------------------------------------------------------------------


def _clean_scores(campaign: Campaign, scores: dict) -> dict[str, str | None]:
    criteria = {c.code: c for c in campaign.criteria.all()}
    cleaned: dict[str, str | None] = {}
    for code, raw in scores.items():
        criterion = criteria.get(code)
        if criterion is None:
            raise ValidationError({code: _("There is no criterion %(code)s.") % {"code": code}})
        if raw in (None, ""):
            cleaned[code] = None
            continue
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = None
        if (
            value is None
            or not value.is_finite()
            or not 0 <= value <= criterion.max_score
            or value != value.quantize(Decimal("0.01"))
        ):
            raise ValidationError(
                {
                    code: _("%(name)s: give a score from 0 to %(max)d (at most two decimals).")
                    % {"name": criterion.name, "max": criterion.max_score}
                }
            )
        cleaned[code] = format(value.normalize(), "f")
    return cleaned


def _specs(campaign: Campaign) -> list[scoring.CriterionSpec]:
    return [scoring.CriterionSpec(c.code, c.weight, c.max_score) for c in campaign.criteria.all()]


@transaction.atomic
def scorecard_save(*, actor, scorecard: Scorecard, version: int, scores: dict) -> Scorecard:
    """Save some criteria's scores (an autosave sends one). `version` is the one the
    expert's page was loaded at: the UPDATE only matches while the row still has it, so
    of two saves made from the same version the second fails with StaleScorecard instead
    of overwriting the first."""
    card = scorecard_get(actor, scorecard.pk)
    CAMPAIGN.require_transition(card.campaign.stage, "score")
    cleaned = _clean_scores(card.campaign, scores)
    if _holds(card.scores, cleaned):
        # Nothing to change: an autosave repeated, or one arriving after (or racing) the
        # submit of the same scores. Not a conflict.
        return card
    SCORECARD.require_transition(card.status, "save")
    if card.version != version:
        raise _stale()
    merged = {**card.scores, **cleaned}
    total = scoring.weighted_total(merged, _specs(card.campaign))
    updated = Scorecard.objects.filter(
        pk=card.pk, version=version, status=ScorecardStatus.DRAFT
    ).update(
        scores=merged,
        total=None if total is None else Decimal(str(total)).quantize(Decimal("0.001")),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise _stale()
    card.refresh_from_db()
    audit_record(
        actor=actor,
        action="selection.scorecard.save",
        obj=card.entry,
        details={"scorecard": card.pk, "version": card.version, "criteria": sorted(cleaned)},
    )
    return card


def _holds(stored: dict, cleaned: dict) -> bool:
    """The card already holds these scores."""
    return all(stored.get(code) == value for code, value in cleaned.items())


def _stale() -> StaleScorecard:
    return StaleScorecard(
        _(
            "This scorecard was changed meanwhile (in another tab or window). Reload it to see the "
            "latest scores, then enter yours again."
        )
    )


@transaction.atomic
def scorecard_submit(
    *, actor, scorecard: Scorecard, version: int, scores: dict | None = None
) -> Scorecard:
    """Submit the card. `scores`, when given, are the scores the expert's page shows
    (saved with the submit): an autosave of the same scores that got in first moved the
    version on, but it is no conflict — only scores changed elsewhere are."""
    card = scorecard_get(actor, scorecard.pk)
    CAMPAIGN.require_transition(card.campaign.stage, "score")
    cleaned = _clean_scores(card.campaign, scores or {})
    for _attempt in range(2):
        # The row locked (PostgreSQL), read again: a racing autosave is seen committed.
        card.__dict__.update(
            Scorecard.objects.select_for_update()
            .filter(pk=card.pk)
            .values("scores", "version", "status")
            .get()
        )
        SCORECARD.require_transition(card.status, "submit")
        if card.version != version and not (cleaned and _holds(card.scores, cleaned)):
            raise _stale()
        merged = {**card.scores, **cleaned}
        missing = [c.name for c in card.campaign.criteria.all() if merged.get(c.code) in (None, "")]
        if missing:
            raise ValidationError(
                _("Score every criterion before submitting; missing: %(names)s.")
                % {"names": ", ".join(missing)}
            )
        total = scoring.weighted_total(merged, _specs(card.campaign))
        updated = Scorecard.objects.filter(
            pk=card.pk, version=card.version, status=ScorecardStatus.DRAFT
        ).update(
            scores=merged,
            total=None if total is None else Decimal(str(total)).quantize(Decimal("0.001")),
            status=ScorecardStatus.SUBMITTED,
            submitted_at=timezone.now(),
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        if updated == 1:
            break
        # moved on between the read and the update (an autosave got in): look again
    else:
        raise _stale()
    card.refresh_from_db()
    audit_record(
        actor=actor,
        action="selection.scorecard.submit",
        obj=card.entry,
        details={"scorecard": card.pk, "total": str(card.total)},
    )
    return card


# --- closing the review: results -----------------------------------------------------------


@transaction.atomic
def campaign_close_review(*, actor, campaign: Campaign, force: bool = False) -> Campaign:
    """Close the expert review and compute the ranking. Unsubmitted scorecards block it
    unless `force` (they are then left out)."""
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "close_review")
    drafts = Scorecard.objects.filter(campaign=campaign, status=ScorecardStatus.DRAFT).count()
    if drafts and not force:
        raise ValidationError(
            _(
                "%(n)d scorecards are not submitted yet. Wait for them, or close the review leaving them out."
            )
            % {"n": drafts}
        )
    if not Scorecard.objects.filter(campaign=campaign, status=ScorecardStatus.SUBMITTED).exists():
        raise ValidationError(_("No scorecard has been submitted."))
    require_unfrozen(*Entry.objects.filter(campaign=campaign, frozen=True))
    ranked = compute_results(campaign)
    save_results(ranked)
    campaign.stage = Stage.RANKING
    campaign.save(update_fields=["stage", "updated_at"])
    audit_record(
        actor=actor,
        action="selection.campaign.ranking",
        obj=campaign,
        details={
            "from": Stage.EXPERT_REVIEW,
            "ranked": len(ranked),
            "left_out_drafts": drafts,
            "awarded": sum(1 for r in ranked if r.tier is not None),
        },
    )
    return campaign
