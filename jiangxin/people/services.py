"""Writes to the worker registry: each checks the role and scope, validates, writes and
audits in one transaction. Resident ID numbers never reach a log or an audit row."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm, user_scope
from jiangxin.core.audit import audit_record
from jiangxin.core.validators import (
    validate_resident_id,
)
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org

from .crypto import mask_resident_id, pii_blind_index, pii_decrypt, pii_encrypt
from .domain.honours import honour_period_check
from .enums import HonourStatus
from .models import Honour, HonourType, SkillPromotion, Worker
from .perms import PeoplePerm
from .selectors import honour_verifier_levels

WORKER_FIELDS = (
    "name",
    "mobile",
    "occupation",
    "skill_level",
    "first_line",
    "migrant",
    "education",
    "union_member_since",
    "showcase_consent",
    "bio",
)


def _check_employer(actor, employer: Org) -> None:
    worker_employer_check(require_perm(actor, PeoplePerm.MANAGE), employer)


def worker_employer_check(scope, employer: Org) -> None:
    """A worker's employer is an enterprise or a branch in the actor's scope (404 if out
    of scope). The rule of the form, the import and every other write."""
    if not scope.covers(employer.path):
        raise Http404
    if employer.kind not in (OrgKind.ENTERPRISE, OrgKind.BRANCH):
        raise ValidationError(
            {"employer": _("A worker's employer must be an enterprise or one of its branches.")}
        )


def worker_build(*, resident_id: str, gender: str | None = None, **fields) -> Worker:
    """A validated, unsaved Worker with its ID number encrypted and derived fields set.
    Used by the form, the import and the seed."""
    resident_id = (resident_id or "").strip()
    try:
        validate_resident_id(resident_id)
    except ValidationError as exc:
        raise ValidationError({"resident_id": exc.messages}) from exc
    derived = worker_id_fields(resident_id)
    if gender and gender != derived["gender"]:
        raise ValidationError({"gender": _("The gender does not match the resident ID number.")})
    return Worker(
        **derived, **{k: v for k, v in fields.items() if k in WORKER_FIELDS + ("employer",)}
    )


def worker_id_fields(resident_id: str, id_hash: str | None = None) -> dict:
    """The fields a worker takes from a resident ID number already validated: gender and
    date of birth, the ciphertext, the blind index (`id_hash` if computed already) and the
    masked form."""
    return {
        "gender": "M" if int(resident_id[16]) % 2 else "F",
        "birth_date": date(
            int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14])
        ),
        "id_cipher": pii_encrypt(resident_id),
        "id_hash": id_hash or pii_blind_index(resident_id),
        "id_masked": mask_resident_id(resident_id),
    }


def _duplicate_error(scope, existing: Worker) -> ValidationError:
    if scope.covers(existing.employer.path):
        return ValidationError(
            {
                "resident_id": _("This ID number is already registered: %(name)s at %(employer)s.")
                % {"name": existing.name, "employer": existing.employer.name}
            }
        )
    return ValidationError(
        {"resident_id": _("This ID number is already registered by another organisation.")}
    )


def worker_unregistered_check(scope, existing: Worker | None) -> None:
    """A new worker's ID number is not registered yet (`existing`: the worker registered
    with it, if any); the message says by whom when the actor may know."""
    if existing is not None:
        raise _duplicate_error(scope, existing)


def worker_new_check(scope, worker: Worker, existing: Worker | None) -> None:
    """The rules a new worker (built by `worker_build`) meets wherever it comes from: its
    ID number not registered yet (`existing`: the worker registered with it, if any) and
    its own fields valid. Raises ValidationError naming the field."""
    worker_unregistered_check(scope, existing)
    worker.clean_fields(exclude=["id_hash", "id_cipher", "employer", "user"])


def workers_registered(id_hashes) -> dict[str, Worker]:
    """The registered workers by blind index, 5,000 hashes a query (for bulk checks)."""
    hashes = list(id_hashes)
    found: dict[str, Worker] = {}
    for start in range(0, len(hashes), 5000):
        qs = Worker.objects.filter(id_hash__in=hashes[start : start + 5000])
        found.update((w.id_hash, w) for w in qs.select_related("employer"))
    return found


def workers_bulk_create(
    *, actor, workers: list[Worker], registered: dict[str, Worker] | None = None, audit=True
) -> int:
    """Register many workers built by `worker_build` at once (the caller holds the
    transaction): the rules of `worker_register` — each employer (once) an enterprise or
    branch in scope, each ID number once in the list and not registered yet, each
    worker's fields valid — then one bulk insert. `registered` is what the caller
    already looked up with `workers_registered` for these workers. Audited as one
    event, unless the caller records it (`audit=False`: an import, one event a file)."""
    scope = require_perm(actor, PeoplePerm.MANAGE)
    for employer in {w.employer_id: w.employer for w in workers}.values():
        worker_employer_check(scope, employer)
    if registered is None:
        registered = workers_registered(w.id_hash for w in workers)
    listed: dict[str, Worker] = {}
    for worker in workers:
        worker_new_check(
            scope, worker, registered.get(worker.id_hash) or listed.get(worker.id_hash)
        )
        listed[worker.id_hash] = worker
    Worker.objects.bulk_create(workers, batch_size=2000)
    if audit:
        audit_record(actor=actor, action="worker.import", details={"created": len(workers)})
    return len(workers)


@transaction.atomic
def worker_register(
    *, actor, employer: Org, resident_id: str, name: str, gender: str | None = None, **fields
) -> Worker:
    _check_employer(actor, employer)
    worker = worker_build(
        resident_id=resident_id, gender=gender, name=name, employer=employer, **fields
    )
    existing = Worker.objects.select_related("employer").filter(id_hash=worker.id_hash).first()
    worker_new_check(user_scope(actor), worker, existing)
    worker.full_clean(exclude=["id_hash"])
    worker.save()
    audit_record(actor=actor, action="worker.register", obj=worker, org_path=employer.path)
    return worker


@transaction.atomic
def worker_update(*, actor, worker: Worker, employer: Org | None = None, **fields) -> Worker:
    worker = (
        Worker.objects.select_for_update(of=("self",)).select_related("employer").get(pk=worker.pk)
    )
    _check_employer(actor, worker.employer)
    if employer is not None and employer.pk != worker.employer_id:
        _check_employer(actor, employer)
        worker.employer = employer
    changes = {}
    for key, value in fields.items():
        if key in WORKER_FIELDS and getattr(worker, key) != value:
            changes[key] = [str(getattr(worker, key)), str(value)]
            setattr(worker, key, value)
    worker.full_clean(exclude=["id_hash"])
    worker.save()
    audit_record(
        actor=actor,
        action="worker.update",
        obj=worker,
        org_path=worker.employer.path,
        details={"changes": changes},
    )
    return worker


@transaction.atomic
def worker_profile_update(*, actor, mobile: str, bio: str, showcase_consent: bool) -> Worker:
    """Self-service: a worker edits their own contact and public-profile consent."""
    worker = Worker.objects.select_for_update().filter(user=actor).first()
    if worker is None:
        raise Http404
    worker.mobile, worker.bio, worker.showcase_consent = mobile, bio, showcase_consent
    worker.full_clean(exclude=["id_hash"])
    worker.save(update_fields=["mobile", "bio", "showcase_consent", "updated_at"])
    audit_record(
        actor=actor,
        action="worker.profile_update",
        obj=worker,
        details={"showcase_consent": showcase_consent},
    )
    return worker


def worker_unmask(*, actor, worker: Worker) -> str:
    """The full ID number, for a role with the unmask permission; every call is audited."""
    scope = require_perm(actor, PeoplePerm.PII_UNMASK)
    if not scope.covers(worker.employer.path):
        raise Http404
    audit_record(actor=actor, action="worker.unmask", obj=worker, org_path=worker.employer.path)
    return pii_decrypt(worker.id_cipher)


def worker_export_unmask_check(*, actor) -> None:
    """An export with full ID numbers needs the unmask permission; it is audited (as an
    export of kind "workers-unmasked") by the export itself."""
    require_perm(actor, PeoplePerm.PII_UNMASK)


def honour_initial_status(actor, honour_type: HonourType, *, levels=None) -> dict:
    """The verification fields of an honour the actor records: verified at once when the
    actor's org verifies the honour's level (a federation at or above it, or the awarding
    enterprise for an enterprise honour), else declared."""
    if levels is None:
        levels = honour_verifier_levels(actor)
    if honour_type.level in levels:
        return {
            "status": HonourStatus.VERIFIED,
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
        }
    return {"status": HonourStatus.DECLARED}


@transaction.atomic
def honour_award(
    *,
    actor,
    worker: Worker,
    honour_type: HonourType,
    year: int,
    awarding_body: str = "",
    document_number: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    certificate=None,
) -> Honour:
    """Record an honour. Declared until verified unless the actor verifies its level (see
    `honour_initial_status`); `certificate` is the IssuedDocument that confers it, if any
    (a selection's award certificate)."""
    _check_employer(actor, worker.employer)
    honour = Honour(
        worker=worker,
        honour_type=honour_type,
        year=year,
        awarding_body=awarding_body or honour_type.awarding_body,
        document_number=document_number,
        valid_from=valid_from,
        valid_to=valid_to,
        certificate=certificate,
        **honour_initial_status(actor, honour_type),
    )
    honour_period_check(year=year, valid_from=valid_from, valid_to=valid_to, today=date.today())
    honour.full_clean()
    honour.save()
    audit_record(
        actor=actor,
        action="honour.award",
        obj=worker,
        org_path=worker.employer.path,
        details={"honour": honour_type.code, "year": year, "status": honour.status},
    )
    return honour


def honours_bulk_create(*, actor, honours: list[Honour], audit=True) -> int:
    """Record many honours built by the caller (the import; the caller holds the
    transaction): the rules of `honour_award` — each worker's employer in scope (once),
    each honour's year and validity — then one bulk insert. Audited as one event unless
    the caller records it (`audit=False`: an import, one event a file)."""
    scope = require_perm(actor, PeoplePerm.MANAGE)
    for employer in {h.worker.employer_id: h.worker.employer for h in honours}.values():
        worker_employer_check(scope, employer)
    today = date.today()
    for h in honours:
        honour_period_check(year=h.year, valid_from=h.valid_from, valid_to=h.valid_to, today=today)
    Honour.objects.bulk_create(honours, batch_size=2000)
    if audit:
        audit_record(actor=actor, action="honour.import", details={"created": len(honours)})
    return len(honours)


def _honours_to_review(actor, honour_ids) -> list[Honour]:
    """The declared honours named, locked, each one the actor verifies; 404 if any is
    not (out of scope, at a level the actor's org does not verify, already decided)."""
    from .selectors import honours_awaiting_verification_qs

    require_perm(actor, PeoplePerm.MANAGE)
    try:
        ids = sorted({int(i) for i in honour_ids})
    except (TypeError, ValueError):
        ids = []
    if not ids:
        raise ValidationError({"honours": _("Choose at least one honour.")})
    honours = list(
        honours_awaiting_verification_qs(actor)
        .filter(pk__in=ids)
        .select_related("worker__employer", "honour_type")
        .select_for_update(of=("self",))
        .order_by("id")
    )
    if len(honours) != len(ids):
        raise Http404
    return honours


def _honour_review(actor, honours: list[Honour], status: str, reason: str = "") -> None:
    now = timezone.now()
    for honour in honours:
        honour.status, honour.reviewed_by, honour.reviewed_at = status, actor, now
        honour.reject_reason = reason
        honour.full_clean()
        honour.save(update_fields=["status", "reviewed_by", "reviewed_at", "reject_reason"])
        audit_record(
            actor=actor,
            action=f"honour.{'verify' if status == HonourStatus.VERIFIED else 'reject'}",
            obj=honour.worker,
            org_path=honour.worker.employer.path,
            details={"honour_id": honour.pk, "honour": honour.honour_type.code, "year": honour.year}
            | ({"reason": reason} if reason else {}),
        )


@transaction.atomic
def honour_verify(*, actor, honour_ids) -> list[Honour]:
    """Verify one or many declared honours (the awarding body or a federation at that
    level): from now on they count. All or nothing; one audit row per honour."""
    honours = _honours_to_review(actor, honour_ids)
    _honour_review(actor, honours, HonourStatus.VERIFIED)
    return honours


@transaction.atomic
def honour_reject(*, actor, honour_id: int, reason: str) -> Honour:
    """Reject a declared honour, with the reason the enterprise will read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("Keep the reason to 200 characters at most.")})
    (honour,) = _honours_to_review(actor, [honour_id])
    _honour_review(actor, [honour], HonourStatus.REJECTED, reason)
    return honour


@transaction.atomic
def skill_promote(
    *, actor, worker: Worker, level: int, date: date, evidence_kind: str, evidence_ref: str = ""
) -> SkillPromotion:
    _check_employer(actor, worker.employer)
    promotion = SkillPromotion(
        worker=worker,
        level=level,
        date=date,
        evidence_kind=evidence_kind,
        evidence_ref=evidence_ref,
    )
    promotion.full_clean()
    promotion.save()
    if not worker.skill_level or level > worker.skill_level:
        Worker.objects.filter(pk=worker.pk).update(skill_level=level)
        worker.skill_level = level
    audit_record(
        actor=actor,
        action="skill.promote",
        obj=worker,
        org_path=worker.employer.path,
        details={"level": level},
    )
    return promotion
