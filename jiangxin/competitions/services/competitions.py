"""Competitions, their tracks and stages, and the stage quotas that cascade down the
tree. Each write checks the role and scope, validates, writes and audits in one
transaction. Quotas share places with selection's cascade (`quota_preview`), not a
second implementation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm
from jiangxin.core.audit import audit_record
from jiangxin.orgs.models import Org
from jiangxin.selection.services import quota_shares

from ..access import can_manage
from ..domain.registration import track_range_check
from ..domain.workflow import COMPETITION
from ..models import Competition, Quota, Stage, Track
from ..perms import CompetitionPerm

COMPETITION_FIELDS = ("title", "level", "year", "registration_deadline", "description")
TRACK_FIELDS = (
    "code",
    "name",
    "occupation",
    "min_level",
    "max_level",
    "min_age",
    "max_age",
    "mode",
    "team_size",
    "theory_weight",
    "practical_weight",
)
STAGE_FIELDS = ("kind", "order", "starts_on", "ends_on", "advance_rule", "advance_value")


def _locked(competition: Competition) -> Competition:
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("org")
        .get(pk=competition.pk)
    )


def require_manage(actor, competition: Competition) -> None:
    scope = require_perm(actor, CompetitionPerm.MANAGE)
    if not can_manage(scope, competition):
        raise Http404


@transaction.atomic
def competition_create(*, actor, org: Org, **fields) -> Competition:
    scope = require_perm(actor, CompetitionPerm.MANAGE)
    if not scope.covers(org.path):
        raise Http404
    competition = Competition(
        org=org, created_by=actor, **{k: v for k, v in fields.items() if k in COMPETITION_FIELDS}
    )
    competition.full_clean()
    competition.save()
    audit_record(
        actor=actor,
        action="competition.create",
        obj=competition,
        details={"level": competition.level, "year": competition.year},
    )
    return competition


@transaction.atomic
def competition_update(*, actor, competition: Competition, **fields) -> Competition:
    competition = _locked(competition)
    require_manage(actor, competition)
    COMPETITION.require_transition(competition.status, "edit")
    changed = []
    for key, value in fields.items():
        if key in COMPETITION_FIELDS and getattr(competition, key) != value:
            setattr(competition, key, value)
            changed.append(key)
    competition.full_clean()
    competition.save()
    audit_record(
        actor=actor, action="competition.update", obj=competition, details={"fields": changed}
    )
    return competition


STEPS = ("open_registration", "close_registration", "start_marking", "publish_results")


@transaction.atomic
def competition_step(*, actor, competition: Competition, step: str) -> Competition:
    """One step of the competition's workflow (open registration, close it …)."""
    competition = _locked(competition)
    require_manage(actor, competition)
    if step not in STEPS:
        raise ValidationError({"step": _("Unknown step.")})
    COMPETITION.require_transition(competition.status, step)
    if step == "open_registration" and not competition.tracks.exists():
        raise ValidationError(_("Add at least one track before opening registration."))
    was = competition.status
    (competition.status,) = COMPETITION.next_states(was, step)
    competition.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=f"competition.step.{step}",
        obj=competition,
        details={"from": was, "to": competition.status},
    )
    return competition


@transaction.atomic
def track_save(*, actor, competition: Competition, track: Track | None = None, **fields) -> Track:
    """Add a track to the competition, or change one (until marking starts)."""
    competition = _locked(competition)
    require_manage(actor, competition)
    COMPETITION.require_transition(competition.status, "edit")
    if track is not None and track.competition_id != competition.pk:
        raise Http404
    track = track or Track(competition=competition)
    for key in TRACK_FIELDS:
        if key in fields:
            setattr(track, key, fields[key])
    track.full_clean()
    track_range_check(track)
    created = track.pk is None
    track.save()
    audit_record(
        actor=actor,
        action="competition.track.create" if created else "competition.track.update",
        obj=track,
        org_path=competition.org.path,
        details={"competition": competition.pk, "code": track.code},
    )
    return track


@transaction.atomic
def stage_save(*, actor, competition: Competition, stage: Stage | None = None, **fields) -> Stage:
    competition = _locked(competition)
    require_manage(actor, competition)
    COMPETITION.require_transition(competition.status, "edit")
    if stage is not None and stage.competition_id != competition.pk:
        raise Http404
    stage = stage or Stage(competition=competition)
    for key in STAGE_FIELDS:
        if key in fields:
            setattr(stage, key, fields[key])
    stage.full_clean()
    if stage.ends_on < stage.starts_on:
        raise ValidationError({"ends_on": _("The stage ends before it starts.")})
    if stage.advance_rule == "top_percent" and stage.advance_value > 100:
        raise ValidationError({"advance_value": _("A percentage is at most 100.")})
    created = stage.pk is None
    stage.save()
    audit_record(
        actor=actor,
        action="competition.stage.create" if created else "competition.stage.update",
        obj=stage,
        org_path=competition.org.path,
        details={"competition": competition.pk, "kind": stage.kind},
    )
    return stage


def quota_amount(stage: Stage, org: Org) -> int | None:
    row = Quota.objects.filter(stage=stage, org=org).first()
    return row.amount if row else None


@transaction.atomic
def quota_set(
    *,
    actor,
    stage: Stage,
    parent: Org,
    method: str,
    total: int | None = None,
    amounts: dict[int, int] | None = None,
    minimum: int = 0,
) -> list[Quota]:
    """Share places of `stage` among `parent`'s children: fixed numbers (`amounts`) or
    `total` by selection's cascade formula (in proportion to enterprises or workers). The
    organiser sets its children's; each level below shares what it was given."""
    competition = _locked(stage.competition)
    scope = require_perm(actor, CompetitionPerm.MANAGE)
    if not (scope.covers(parent.path) and parent.path.startswith(competition.org.path)):
        raise Http404
    COMPETITION.require_transition(competition.status, "edit")
    shares, weights = quota_shares(
        parent=parent,
        method=method,
        total=total,
        amounts=amounts,
        minimum=minimum,
        limit=None if parent.pk == competition.org_id else quota_amount(stage, parent),
    )
    saved = []
    for org_id, amount in shares.items():
        quota, _created = Quota.objects.update_or_create(
            stage=stage,
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
        action="competition.quota.set",
        obj=stage,
        org_path=competition.org.path,
        details={
            "parent": parent.pk,
            "method": method,
            "shares": {str(k): v for k, v in shares.items()},
        },
    )
    return saved
