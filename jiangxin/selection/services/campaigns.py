"""Campaigns: creation with criteria, tiers and schedule; quotas cascading down the tree;
the stage steps up to the expert review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm
from jiangxin.core.audit import audit_record
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import child_path_length

from ..access import require_level, require_manage
from ..domain.quota import quota_cascade
from ..domain.workflow import CAMPAIGN
from ..enums import (
    Aggregation,
    EntryStatus,
    Normalisation,
    QuotaMethod,
    Stage,
    SubjectKind,
)
from ..models import AwardTier, Campaign, Criterion, Entry, Quota, ScheduleItem
from ..perms import SelectionPerm
from ..selectors import cascade_children
from ..subjects import available_kinds


@dataclass(frozen=True)
class CriterionIn:
    name: str
    weight: int
    max_score: int
    code: str = ""


@dataclass(frozen=True)
class TierIn:
    name: str
    quota: int
    honour_type_id: int | None = None
    recommend_may_day: bool = False


def _locked(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )


def _check_criteria(criteria: list[CriterionIn]) -> None:
    if not criteria:
        raise ValidationError({"criteria": _("Give at least one criterion.")})
    total = sum(c.weight for c in criteria)
    if total != 100:
        raise ValidationError(
            {
                "criteria": _("The criteria weights add up to %(total)d; they must add up to 100.")
                % {"total": total}
            }
        )
    for n, c in enumerate(criteria, start=1):
        if not c.name.strip():
            raise ValidationError({"criteria": _("Criterion %(n)d has no name.") % {"n": n}})
        if not 1 <= c.max_score <= 1000:
            raise ValidationError(
                {"criteria": _("Criterion %(n)d: the highest score must be 1 to 1000.") % {"n": n}}
            )


def _check_tiers(tiers: list[TierIn]) -> None:
    if not tiers:
        raise ValidationError({"tiers": _("Give at least one award tier.")})
    for n, t in enumerate(tiers, start=1):
        if not t.name.strip():
            raise ValidationError({"tiers": _("Tier %(n)d has no name.") % {"n": n}})
        if t.quota < 0:
            raise ValidationError({"tiers": _("Tier %(n)d: places cannot be negative.") % {"n": n}})


@transaction.atomic
def campaign_create(
    *,
    actor,
    org: Org,
    title: str,
    year: int,
    subject_kind: str,
    criteria: list[CriterionIn],
    tiers: list[TierIn],
    rules: list[dict] | None = None,
    aggregation: str = Aggregation.TRIMMED_MEAN,
    normalisation: str = Normalisation.NONE,
    blind: bool = False,
    coi_region_digits: int = 0,
    experts_per_entry: int = 3,
    tie_breaks: list[str] | None = None,
    announcement_workdays: int = 5,
    quota_method: str = QuotaMethod.FIXED,
    description: str = "",
    schedule: dict[str, tuple[date | None, date | None]] | None = None,
) -> Campaign:
    scope = require_perm(actor, SelectionPerm.MANAGE)
    if not scope.covers(org.path):
        raise ValidationError({"org": _("No such organisation in your scope.")})
    if org.kind == OrgKind.BRANCH:
        raise ValidationError({"org": _("A branch cannot organise a selection.")})
    if subject_kind in SubjectKind.values and subject_kind not in available_kinds():
        raise ValidationError(
            {
                "subject_kind": _("%(kind)s is not available on this installation.")
                % {"kind": SubjectKind(subject_kind).label}
            }
        )
    campaign = Campaign(
        org=org,
        title=(title or "").strip(),
        year=year,
        subject_kind=subject_kind,
        description=(description or "").strip(),
        rules=rules or [],
        aggregation=aggregation,
        normalisation=normalisation,
        blind=blind,
        coi_region_digits=coi_region_digits,
        experts_per_entry=experts_per_entry,
        announcement_workdays=announcement_workdays,
        quota_method=quota_method,
        created_by=actor,
    )
    if tie_breaks is not None:
        campaign.tie_breaks = tie_breaks
    campaign.full_clean()
    _check_criteria(criteria)
    _check_tiers(tiers)
    campaign.save()
    for n, c in enumerate(criteria, start=1):
        crit = Criterion(
            campaign=campaign,
            code=c.code or f"c{n}",
            name=c.name.strip(),
            weight=c.weight,
            max_score=c.max_score,
            position=n,
        )
        crit.full_clean()
        crit.save()
    for n, t in enumerate(tiers, start=1):
        tier = AwardTier(
            campaign=campaign,
            position=n,
            name=t.name.strip(),
            quota=t.quota,
            honour_type_id=t.honour_type_id,
            recommend_may_day=t.recommend_may_day,
        )
        tier.full_clean()
        tier.save()
    for stage_code, (starts_on, ends_on) in (schedule or {}).items():
        item = ScheduleItem(
            campaign=campaign, stage=stage_code, starts_on=starts_on, ends_on=ends_on
        )
        item.full_clean()
        item.save()
    audit_record(
        actor=actor,
        action="selection.campaign.create",
        obj=campaign,
        details={"kind": subject_kind, "year": year, "tiers": [t.quota for t in tiers]},
    )
    return campaign


# --- quotas -------------------------------------------------------------------------


def cascade_weights(parent: Org, children: list[Org], method: str) -> dict[int, int]:
    """Enterprises (or workers) in each child's subtree: one grouped query."""
    width = child_path_length(parent.path)
    by_prefix = {c.path: c.pk for c in children}
    if method == QuotaMethod.ENTERPRISES:
        rows = (
            Org.objects.filter(
                path__startswith=parent.path, depth__gt=parent.depth, kind="enterprise"
            )
            .annotate(prefix=Substr("path", 1, width))
            .order_by()
            .values("prefix")
            .annotate(n=Count("id"))
        )
    elif method == QuotaMethod.WORKERS:
        from jiangxin.people.models import Worker

        rows = (
            Worker.objects.filter(employer__path__startswith=parent.path)
            .annotate(prefix=Substr("employer__path", 1, width))
            .order_by()
            .values("prefix")
            .annotate(n=Count("id"))
        )
    else:
        raise ValidationError({"method": _("Choose enterprises or workers for a formula.")})
    weights = dict.fromkeys(by_prefix.values(), 0)
    for row in rows:
        if row["prefix"] in by_prefix:
            weights[by_prefix[row["prefix"]]] = row["n"]
    return weights


def quota_preview(
    *, parent: Org, method: str, total: int, minimum: int = 0
) -> list[tuple[Org, int, int]]:
    """(child, weight, share) rows of a formula cascade, not saved."""
    children = cascade_children(parent)
    weights = cascade_weights(parent, children, method)
    try:
        shares = quota_cascade(
            total, weights, minimum=minimum, paths={c.pk: c.path for c in children}
        )
    except ValueError as exc:
        raise ValidationError({"total": str(exc)}) from exc
    return [(c, weights[c.pk], shares[c.pk]) for c in children]


def quota_shares(
    *,
    parent: Org,
    method: str,
    total: int | None,
    amounts: dict[int, int] | None,
    minimum: int,
    limit: int | None,
) -> tuple[dict[int, int], dict[int, int]]:
    """The places of `parent`'s children, by org id, and the formula's weights: fixed
    numbers (`amounts`, each a whole number for a child directly below), or `total`
    shared by the cascade formula; together at most `limit` (the parent's own quota,
    None at the top). Validation only: the caller saves them. Used by every module that
    cascades quotas (selection campaigns, competition stages)."""
    children = {c.pk: c for c in cascade_children(parent)}
    weights: dict[int, int] = {}
    if method == QuotaMethod.FIXED:
        amounts = amounts or {}
        for org_id, amount in amounts.items():
            if org_id not in children:
                raise ValidationError(
                    {
                        "amounts": _("Organisation %(id)s is not directly below %(parent)s.")
                        % {"id": org_id, "parent": parent.name}
                    }
                )
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise ValidationError(
                    {
                        "amounts": _("Give a whole number of places ≥ 0 for %(org)s.")
                        % {"org": children[org_id].name}
                    }
                )
        shares = dict(amounts)
    else:
        if total is None or total < 0:
            raise ValidationError({"total": _("Give the number of places to share.")})
        rows = quota_preview(parent=parent, method=method, total=total, minimum=minimum)
        shares = {c.pk: share for c, _w, share in rows}
        weights = {c.pk: w for c, w, _s in rows}
    if limit is not None and sum(shares.values()) > limit:
        raise ValidationError(
            {
                "total": _("%(parent)s has %(limit)d places; the shares add up to %(sum)d.")
                % {"parent": parent.name, "limit": limit, "sum": sum(shares.values())}
            }
        )
    return shares, weights


def _parent_limit(campaign: Campaign, parent: Org) -> int | None:
    if parent.pk == campaign.org_id:
        return None
    row = Quota.objects.filter(campaign=campaign, org=parent).first()
    return row.amount if row else None


@transaction.atomic
def quota_set(
    *,
    actor,
    campaign: Campaign,
    parent: Org,
    method: str,
    total: int | None = None,
    amounts: dict[int, int] | None = None,
    minimum: int = 0,
) -> list[Quota]:
    """Set the quotas of `parent`'s children: fixed numbers (`amounts`), or `total` shared
    by a formula. The shares may not exceed the parent's own quota."""
    campaign = _locked(campaign)
    if parent.pk == campaign.org_id:
        require_manage(actor, campaign)
    else:
        require_level(actor, campaign, parent)
    CAMPAIGN.require_transition(campaign.stage, "quotas")
    shares, weights = quota_shares(
        parent=parent,
        method=method,
        total=total,
        amounts=amounts,
        minimum=minimum,
        limit=_parent_limit(campaign, parent),
    )
    saved = []
    for org_id, amount in shares.items():
        quota, _created = Quota.objects.update_or_create(
            campaign=campaign,
            org_id=org_id,
            defaults={
                "amount": amount,
                "method": method,
                "weight": weights.get(org_id),
                "set_by": actor,
            },
        )
        saved.append(quota)
    audit_record(
        actor=actor,
        action="selection.quota.set",
        obj=campaign,
        details={
            "parent": parent.pk,
            "method": method,
            "shares": {str(k): v for k, v in shares.items()},
        },
    )
    return saved


# --- stage steps ------------------------------------------------------------------------


def _advance(actor, campaign: Campaign, to: str, details: dict | None = None) -> Campaign:
    was = campaign.stage
    campaign.stage = to
    campaign.save(update_fields=["stage", "updated_at"])
    audit_record(
        actor=actor,
        action=f"selection.campaign.{to}",
        obj=campaign,
        details={"from": was, **(details or {})},
    )
    return campaign


@transaction.atomic
def campaign_open_formal_check(*, actor, campaign: Campaign) -> Campaign:
    """Close the nomination: what has reached the organiser goes to the formal check;
    what is still waiting below is left not recommended."""
    campaign = _locked(campaign)
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "open_formal_check")
    arrived = Entry.objects.filter(
        campaign=campaign, current_org=campaign.org, status=EntryStatus.NOMINATED
    ).count()
    if not arrived:
        raise ValidationError(
            _("No nomination has reached %(org)s yet.") % {"org": campaign.org.name}
        )
    stuck = (
        Entry.objects.filter(campaign=campaign, status=EntryStatus.NOMINATED)
        .exclude(current_org=campaign.org)
        .update(status=EntryStatus.NOT_RECOMMENDED)
    )
    return _advance(actor, campaign, Stage.FORMAL_CHECK, {"arrived": arrived, "left_below": stuck})


@transaction.atomic
def campaign_open_review(*, actor, campaign: Campaign) -> Campaign:
    campaign = _locked(campaign)
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "open_review")
    waiting = Entry.objects.filter(campaign=campaign, status=EntryStatus.NOMINATED).count()
    if waiting:
        raise ValidationError(
            _("%(n)d nominations still wait for the formal check.") % {"n": waiting}
        )
    if not Entry.objects.filter(campaign=campaign, status=EntryStatus.CHECK_PASSED).exists():
        raise ValidationError(_("No nomination passed the formal check."))
    if sum(c.weight for c in campaign.criteria.all()) != 100:
        raise ValidationError(_("The criteria weights must add up to 100."))
    return _advance(actor, campaign, Stage.EXPERT_REVIEW)
