"""Registrations: a worker enters a track (themself, or through their enterprise union,
one at a time or from Excel), then climbs the approval ladder — enterprise union →
organiser → committee, each level within its quota — or is rejected with a reason,
withdrawn, or replaced by a substitute before the registration deadline. Every rule is
checked here (`registration_rules`), for the page, the import and the API alike."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm, user_scope
from jiangxin.core.audit import audit_record
from jiangxin.orgs.models import Org
from jiangxin.people.models import Worker

from ..access import approval_level, can_enter_self, can_register, can_substitute, can_withdraw
from ..domain.registration import eligibility_check, team_check, team_complete_check
from ..domain.workflow import COMPETITION, REGISTRATION
from ..enums import ENDED, LADDER, RegistrationSource, RegistrationStatus
from ..models import Competition, Quota, Registration, Stage, Track
from ..perms import CompetitionPerm


def _today():
    return timezone.localdate()


def earlier_registration_error(earlier: Registration) -> ValidationError:
    return ValidationError(
        {
            "worker": _(
                "%(name)s is already registered for this track (registration no. %(id)d of "
                "%(day)s, %(status)s)."
            )
            % {
                "name": earlier.worker.name,
                "id": earlier.pk,
                "day": timezone.localtime(earlier.created_at).date().isoformat(),
                "status": earlier.get_status_display(),
            }
        }
    )


def registration_rules(
    *,
    track: Track,
    competition: Competition,
    worker: Worker,
    employer: Org,
    team_name: str,
    is_leader: bool,
    earlier: Registration | None,
    team: Iterable,
) -> None:
    """Every rule of a new registration, each on its field: the person once per track
    (`earlier`: their holding registration, if any), eligible by the registry (age,
    occupation, skill level, employer inside the organiser's subtree), and fitting the
    team (`team`: the team's holding registrations so far)."""
    if earlier is not None:
        raise earlier_registration_error(earlier)
    eligibility_check(
        track,
        worker,
        on=competition.registration_deadline,
        organiser_path=competition.org.path,
        employer_path=employer.path,
    )
    team_check(
        track, team_name=team_name, is_leader=is_leader, employer_id=employer.pk, members=team
    )


def holding_registration(track: Track, worker: Worker) -> Registration | None:
    return (
        Registration.objects.select_related("worker")
        .filter(track=track, worker=worker)
        .exclude(status__in=ENDED)
        .first()
    )


def team_members(track: Track, employer: Org, team_name: str) -> list[Registration]:
    if not team_name:
        return []
    return list(
        Registration.objects.filter(track=track, employer=employer, team_name=team_name).exclude(
            status__in=(*ENDED, RegistrationStatus.REJECTED)
        )
    )


def _track_locked(track: Track) -> tuple[Track, Competition]:
    competition = (
        Competition.objects.select_for_update(of=("self",))
        .select_related("org")
        .get(pk=track.competition_id)
    )
    return Track.objects.get(pk=track.pk), competition


@transaction.atomic
def registration_submit(
    *,
    actor,
    track: Track,
    worker: Worker,
    team_name: str = "",
    is_leader: bool = False,
    source: str = RegistrationSource.SELF,
) -> Registration:
    """Enter `worker` for `track`: the worker themself (self-service), or an enterprise
    union covering the worker's employer."""
    track, competition = _track_locked(track)
    scope = user_scope(actor)
    worker = Worker.objects.select_related("employer").get(pk=worker.pk)
    own = worker.user_id is not None and worker.user_id == getattr(actor, "pk", None)
    today = _today()
    if own and scope.has(CompetitionPerm.ENTER):
        allowed = can_enter_self(scope, competition, today)
    else:
        require_perm(actor, CompetitionPerm.REGISTER)
        if not scope.covers(worker.employer.path):
            raise Http404
        allowed = can_register(scope, competition, worker.employer.path, today)
    if not allowed:
        raise ValidationError(
            _("Registration for “%(c)s” is closed (deadline %(day)s).")
            % {"c": competition.title, "day": competition.registration_deadline.isoformat()}
        )
    team_name = (team_name or "").strip()
    registration_rules(
        track=track,
        competition=competition,
        worker=worker,
        employer=worker.employer,
        team_name=team_name,
        is_leader=is_leader,
        earlier=holding_registration(track, worker),
        team=team_members(track, worker.employer, team_name),
    )
    registration = Registration(
        track=track,
        worker=worker,
        employer=worker.employer,
        team_name=team_name,
        is_leader=is_leader,
        source=source,
        registered_by=actor,
    )
    registration.full_clean(validate_constraints=False)
    registration.save()
    audit_record(
        actor=actor,
        action="competition.registration.submit",
        obj=registration,
        details={"track": track.pk, "source": source},
    )
    return registration


def registrations_bulk_create(*, actor, registrations: list[Registration], audit=True) -> int:
    """Save registrations already checked by `registration_rules` (the import: the caller
    holds the transaction, checks each row, and records the file's one audit event)."""
    scope = require_perm(actor, CompetitionPerm.REGISTER)
    for employer in {r.employer_id: r.employer for r in registrations}.values():
        if not scope.covers(employer.path):
            raise Http404
    Registration.objects.bulk_create(registrations, batch_size=2000)
    if audit:
        audit_record(
            actor=actor,
            action="competition.registration.import",
            details={"created": len(registrations)},
        )
    return len(registrations)


def _locked_registration(registration: Registration) -> tuple[Registration, Competition]:
    reg = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("employer", "worker", "track")
        .get(pk=registration.pk)
    )
    competition = (
        Competition.objects.select_for_update(of=("self",))
        .select_related("org")
        .get(pk=reg.track.competition_id)
    )
    return reg, competition


def registration_quota_check(competition: Competition, org_id: int, org_path: str, target: str):
    """An approval to `target` by the level of org `org_id` stays within that org's quota
    at the competition's first stage (entrants of its subtree at that level or beyond)."""
    stage = Stage.objects.filter(competition=competition).order_by("order", "id").first()
    if stage is None:
        return
    quota = Quota.objects.filter(stage=stage, org_id=org_id).first()
    if quota is None:
        return
    beyond = LADDER[LADDER.index(target) :]
    taken = Registration.objects.filter(
        track__competition=competition, employer__path__startswith=org_path, status__in=beyond
    ).count()
    if taken + 1 > quota.amount:
        raise ValidationError(
            _(
                "%(org)s has %(n)d places in the %(stage)s, all taken (%(taken)d approved): "
                "reject or withdraw another registration first."
            )
            % {
                "org": quota.org.name,
                "n": quota.amount,
                "stage": stage.get_kind_display(),
                "taken": taken,
            }
        )


@transaction.atomic
def registration_approve(*, actor, registration: Registration) -> Registration:
    """Approve at the user's level (the next rung of the ladder), within its quota; a
    team member once the team is complete."""
    reg, competition = _locked_registration(registration)
    scope = user_scope(actor)
    if not scope.covers(reg.employer.path):
        raise Http404
    _step_of(reg)  # a registration still waiting for an approval
    COMPETITION.require_transition(competition.status, "approve")
    step = approval_level(scope, reg, competition)
    if step is None:
        raise ValidationError(
            _("Approving this registration at its current stage is not for your level.")
        )
    team_complete_check(
        reg.track,
        team_name=reg.team_name,
        members=team_members(reg.track, reg.employer, reg.team_name),
    )
    (target,) = REGISTRATION.next_states(reg.status, step)
    registration_quota_check(competition, scope.org_id, scope.paths[0], target)
    was = reg.status
    reg.status = target
    reg.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=f"competition.approve.{step}",
        obj=reg,
        details={"from": was, "to": target},
    )
    return reg


def _step_of(reg: Registration) -> str:
    from ..domain.workflow import APPROVAL_STEP

    step = APPROVAL_STEP.get(reg.status)
    if step is None:
        raise REGISTRATION.error(reg.status, "enterprise_approve")
    return step


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def registration_reject(*, actor, registration: Registration, reason: str) -> Registration:
    reg, competition = _locked_registration(registration)
    scope = user_scope(actor)
    if not scope.covers(reg.employer.path):
        raise Http404
    REGISTRATION.require_transition(reg.status, "reject")
    COMPETITION.require_transition(competition.status, "approve")
    if approval_level(scope, reg, competition) is None:
        raise ValidationError(
            _("Rejecting this registration at its current stage is not for your level.")
        )
    reg.reason = _reason(reason)
    was, reg.status = reg.status, RegistrationStatus.REJECTED
    reg.save(update_fields=["status", "reason", "updated_at"])
    audit_record(
        actor=actor, action="competition.registration.reject", obj=reg, details={"from": was}
    )
    return reg


def _deadline_error(competition: Competition) -> ValidationError:
    return ValidationError(
        _("The registration deadline (%(day)s) has passed.")
        % {"day": competition.registration_deadline.isoformat()}
    )


@transaction.atomic
def registration_withdraw(*, actor, registration: Registration, reason: str = "") -> Registration:
    reg, competition = _locked_registration(registration)
    scope = user_scope(actor)
    own = reg.worker.user_id is not None and reg.worker.user_id == getattr(actor, "pk", None)
    if not (own or scope.covers(reg.employer.path)):
        raise Http404
    REGISTRATION.require_transition(reg.status, "withdraw")
    if not can_withdraw(scope, actor, reg, competition, _today()):
        if _today() > competition.registration_deadline:
            raise _deadline_error(competition)
        raise Http404
    was, reg.status = reg.status, RegistrationStatus.WITHDRAWN
    reg.reason = (reason or "").strip()
    reg.save(update_fields=["status", "reason", "updated_at"])
    audit_record(
        actor=actor, action="competition.registration.withdraw", obj=reg, details={"from": was}
    )
    return reg


@transaction.atomic
def registration_substitute(
    *, actor, registration: Registration, worker: Worker, reason: str
) -> Registration:
    """Another worker of the same employer takes the place, keeping its approvals; the
    substitute meets every rule of a new registration."""
    reg, competition = _locked_registration(registration)
    scope = user_scope(actor)
    if not scope.covers(reg.employer.path):
        raise Http404
    REGISTRATION.require_transition(reg.status, "substitute")
    if not can_substitute(scope, reg, competition, _today()):
        if _today() > competition.registration_deadline:
            raise _deadline_error(competition)
        raise Http404
    reason = _reason(reason)
    worker = Worker.objects.select_related("employer").get(pk=worker.pk)
    if worker.employer_id != reg.employer_id:
        raise ValidationError(
            {"worker": _("The substitute must work at %(org)s.") % {"org": reg.employer.name}}
        )
    team = [m for m in team_members(reg.track, reg.employer, reg.team_name) if m.pk != reg.pk]
    registration_rules(
        track=reg.track,
        competition=competition,
        worker=worker,
        employer=worker.employer,
        team_name=reg.team_name,
        is_leader=reg.is_leader,
        earlier=holding_registration(reg.track, worker),
        team=team,
    )
    status = reg.status
    reg.status, reg.reason = RegistrationStatus.SUBSTITUTED, reason
    reg.save(update_fields=["status", "reason", "updated_at"])
    new = Registration.objects.create(
        track=reg.track,
        worker=worker,
        employer=reg.employer,
        team_name=reg.team_name,
        is_leader=reg.is_leader,
        status=status,
        source=RegistrationSource.SUBSTITUTE,
        substitute_for=reg,
        registered_by=actor,
    )
    audit_record(
        actor=actor,
        action="competition.registration.substitute",
        obj=new,
        details={"replaces": reg.pk, "status": status},
    )
    return new
