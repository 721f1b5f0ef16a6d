"""Writes to achievements and their completers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import Scope, require_perm, user_scope
from jiangxin.core.audit import audit_record
from jiangxin.core.search import search_index
from jiangxin.orgs.models import Org
from jiangxin.people.models import Worker

from ..access import STEP_PERMS, is_locked_for
from ..domain.rules import achievement_rule_errors
from ..domain.workflow import ACHIEVEMENT
from ..enums import AchievementKind, AchievementStatus
from ..models import Achievement, Completer
from ..perms import AchievementPerm
from ..selectors import SEARCH_KIND

EDITABLE_FIELDS = (
    "title",
    "kind",
    "description",
    "studio",
    "started_on",
    "completed_on",
    "classified",
    "ip_dispute",
)


@dataclass(frozen=True)
class CompleterIn:
    """One completer as given to a service: the worker, their place (1 = first completer;
    None = their position in the list) and an optional share in percent."""

    worker: Worker
    order: int | None = None
    share_pct: Decimal | None = None


# --- checks -----------------------------------------------------------------------------


def _scope_over(actor, perm: str, org: Org) -> Scope:
    scope = require_perm(actor, perm)
    if not scope.covers(org.path):
        raise Http404
    return scope


def _check_unlocked(actor, achievement: Achievement) -> None:
    if is_locked_for(user_scope(actor), achievement):
        raise ValidationError(
            _("This achievement has been accepted; only a federation reviewer can change it.")
        )


def _normalise_completers(scope: Scope, completers: Sequence) -> list[CompleterIn]:
    items = [c if isinstance(c, CompleterIn) else CompleterIn(worker=c) for c in completers]
    if not items:
        raise ValidationError({"completers": _("Name at least one completer.")})
    errors: list[str] = []
    given = [c.order for c in items]
    if any(o is not None for o in given):
        if any(o is None for o in given):
            errors.append(_("Give every completer an order, or none."))
        else:
            seen: set[int] = set()
            for o in given:
                if o in seen:
                    errors.append(_("Completer order %(n)d is given twice.") % {"n": o})
                seen.add(o)
            if not errors and sorted(seen) != list(range(1, len(items) + 1)):
                errors.append(_("Completer orders must run 1, 2, 3 … without gaps."))
    else:
        items = [
            CompleterIn(worker=c.worker, order=i, share_pct=c.share_pct)
            for i, c in enumerate(items, start=1)
        ]
    workers_seen: set[int] = set()
    total_share = Decimal(0)
    for position, c in enumerate(items, start=1):
        place = c.order or position
        if not scope.covers(c.worker.employer.path):
            errors.append(_("Completer %(n)d is not a worker in your scope.") % {"n": place})
            continue
        if c.worker.pk in workers_seen:
            errors.append(_("%(name)s is listed as a completer twice.") % {"name": c.worker.name})
        workers_seen.add(c.worker.pk)
        if c.share_pct is not None:
            if not Decimal(0) <= Decimal(c.share_pct) <= Decimal(100):
                errors.append(
                    _("The share of completer %(n)d must be between 0 and 100%%.") % {"n": place}
                )
            total_share += Decimal(c.share_pct)
    if total_share > 100:
        errors.append(
            _("The completers' shares add up to %(total)s%%; they may not exceed 100%%.")
            % {"total": total_share}
        )
    if errors:
        raise ValidationError({"completers": errors})
    return sorted(items, key=lambda c: c.order)


def _validate(
    achievement: Achievement, first_completer: Worker | None, errors: dict[str, list[str]]
) -> None:
    a = achievement
    for field, messages in achievement_rule_errors(
        a, first_completer, timezone.localdate()
    ).items():
        errors.setdefault(field, []).extend(messages)
    title = (a.title or "").strip()
    if (
        title
        and Achievement.objects.filter(enterprise_id=a.enterprise_id, title=title)
        .exclude(pk=a.pk)
        .exists()
    ):
        errors.setdefault("title", []).append(
            _("%(enterprise)s already has an achievement with this title.")
            % {"enterprise": a.enterprise.name}
        )


def _full_clean(achievement: Achievement, errors: dict[str, list[str]]) -> None:
    try:
        achievement.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(
                m for m in messages if m not in errors.get(field, [])
            )
    if errors:
        raise ValidationError(errors)


def _reindex(achievement: Achievement, names: Sequence[str] = ()) -> None:
    search_index(
        SEARCH_KIND,
        achievement.pk,
        achievement.enterprise.path,
        achievement.title,
        achievement.description,
        " ".join(names),
    )


def _completer_names(achievement: Achievement) -> list[str]:
    return list(achievement.completers.order_by("order").values_list("worker__name", flat=True))


# --- achievements -----------------------------------------------------------------------


@transaction.atomic
def achievement_submit(
    *,
    actor,
    enterprise: Org,
    title: str,
    kind: str,
    completers: Sequence[CompleterIn | Worker],
    description: str = "",
    studio=None,
    started_on: date | None = None,
    completed_on: date | None = None,
    classified: bool = False,
    ip_dispute: bool = False,
    draft: bool = False,
) -> Achievement:
    """Register an achievement with its completers in order. The completers must be
    workers in the actor's scope, the studio (if any) hosted in the enterprise's subtree."""
    scope = _scope_over(actor, AchievementPerm.MANAGE, enterprise)
    if studio is not None and not scope.covers(studio.host.path):
        raise Http404
    errors: dict[str, list[str]] = {}
    try:
        items = _normalise_completers(scope, completers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        items = []
    achievement = Achievement(
        title=(title or "").strip(),
        kind=kind,
        description=(description or "").strip(),
        enterprise=enterprise,
        studio=studio,
        started_on=started_on,
        completed_on=completed_on,
        classified=classified,
        ip_dispute=ip_dispute,
        status=AchievementStatus.DRAFT if draft else AchievementStatus.SUBMITTED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate(achievement, items[0].worker if items else None, errors)
    _full_clean(achievement, errors)
    achievement.save()
    Completer.objects.bulk_create(
        [
            Completer(
                achievement=achievement, worker=c.worker, order=c.order, share_pct=c.share_pct
            )
            for c in items
        ]
    )
    _reindex(achievement, [c.worker.name for c in items])
    audit_record(
        actor=actor,
        action="achievement.submit",
        obj=achievement,
        org_path=enterprise.path,
        details={
            "kind": kind,
            "status": achievement.status,
            "completers": [c.worker.pk for c in items],
            "studio": studio.pk if studio is not None else None,
        },
    )
    return achievement


@transaction.atomic
def achievement_update(*, actor, achievement: Achievement, **fields) -> Achievement:
    achievement = (
        Achievement.objects.select_for_update(of=("self",))
        .select_related("enterprise", "studio")
        .get(pk=achievement.pk)
    )
    scope = _scope_over(actor, AchievementPerm.MANAGE, achievement.enterprise)
    _check_unlocked(actor, achievement)
    studio = fields.get("studio")
    if studio is not None and not scope.covers(studio.host.path):
        raise Http404
    changes = {}
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            continue
        if isinstance(value, str):
            value = value.strip()
        old = getattr(achievement, key)
        if old != value:
            changes[key] = [str(old), str(value)]
            setattr(achievement, key, value)
    first = achievement.completers.select_related("worker").order_by("order").first()
    errors: dict[str, list[str]] = {}
    _validate(achievement, first.worker if first else None, errors)
    _full_clean(achievement, errors)
    achievement.save()
    _reindex(achievement, _completer_names(achievement))
    audit_record(
        actor=actor,
        action="achievement.update",
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={"changes": changes},
    )
    return achievement


@transaction.atomic
def achievement_transition(*, actor, achievement: Achievement, status: str) -> Achievement:
    """Submit a draft, withdraw a submission, accept it (federation) or reopen it: the step
    that leads to `status` (`domain.workflow.ACHIEVEMENT`), with its permission
    (`access.STEP_PERMS`)."""
    achievement = (
        Achievement.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=achievement.pk)
    )
    _scope_over(actor, AchievementPerm.VIEW, achievement.enterprise)
    action = ACHIEVEMENT.action_to(achievement.status, status)
    if action not in STEP_PERMS:
        raise ACHIEVEMENT.error(achievement.status, status)
    _scope_over(actor, STEP_PERMS[action], achievement.enterprise)
    old = achievement.status
    achievement.status = status
    achievement.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="achievement.transition",
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={"from": old, "to": status},
    )
    return achievement


@transaction.atomic
def completer_set(
    *, actor, achievement: Achievement, completers: Sequence[CompleterIn | Worker]
) -> list[Completer]:
    """Replace the completers (reorder, add, remove): the new list, in order."""
    achievement = (
        Achievement.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=achievement.pk)
    )
    scope = _scope_over(actor, AchievementPerm.MANAGE, achievement.enterprise)
    _check_unlocked(actor, achievement)
    items = _normalise_completers(scope, completers)
    errors: dict[str, list[str]] = {}
    if achievement.kind == AchievementKind.OPERATING_METHOD:
        _validate(achievement, items[0].worker, errors)
        if "title" in errors:
            raise ValidationError({"completers": errors["title"]})
    before = list(achievement.completers.order_by("order").values_list("worker_id", flat=True))
    achievement.completers.all().delete()
    rows = Completer.objects.bulk_create(
        [
            Completer(
                achievement=achievement, worker=c.worker, order=c.order, share_pct=c.share_pct
            )
            for c in items
        ]
    )
    _reindex(achievement, [c.worker.name for c in items])
    audit_record(
        actor=actor,
        action="achievement.completers",
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={"before": before, "after": [c.worker.pk for c in items]},
    )
    return rows
