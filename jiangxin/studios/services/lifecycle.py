"""A studio's way from application to naming, and its revocation. Each service checks the
role and scope, validates, writes and audits in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm
from jiangxin.core.audit import audit_record
from jiangxin.core.documents import document_issue, document_revoke
from jiangxin.orgs.models import Org
from jiangxin.people.models import Worker

from ..access import is_stand_in
from ..announcement import studio_close, studio_open_objections, studio_post
from ..domain.workflow import STUDIO
from ..enums import MemberRole, ReviewDecision, StudioLevel, StudioStatus
from ..models import Studio, StudioMember, StudioReview
from ..perms import StudioPerm
from ..rules import RuleResult, naming_rules_evaluate
from ..workflow import announcement_over, naming_org, next_stage, review_path

CERTIFICATE_KIND = "studio_naming"
EDITABLE_FIELDS = (
    "name",
    "field",
    "description",
    "space_m2",
    "funding_yuan",
    "established_on",
    "level",
)


def _locked(studio: Studio) -> Studio:
    return (
        Studio.objects.select_for_update(of=("self",))
        .select_related("host", "leader__employer")
        .get(pk=studio.pk)
    )


def _require_applicant(actor, studio: Studio):
    scope = require_perm(actor, StudioPerm.APPLY)
    if not scope.covers(studio.host.path):
        raise Http404
    return scope


def _require_authority(actor, studio: Studio) -> Org:
    """The naming organisation's role (or one above it), with the review permission."""
    scope = require_perm(actor, StudioPerm.REVIEW)
    if not scope.covers(studio.host.path):
        raise Http404
    authority = naming_org(studio.host, studio.level)
    if not scope.covers(authority.path):
        raise ValidationError(
            _("Only %(org)s names, assesses or revokes this studio.") % {"org": authority.name}
        )
    return authority


def _check_leader_free(leader: Worker, exclude_pk: int | None = None) -> None:
    other = (
        Studio.objects.filter(leader=leader)
        .exclude(status=StudioStatus.REVOKED)
        .exclude(pk=exclude_pk)
        .first()
    )
    studio_leader_free_check(leader, other)


def studio_leader_free_check(leader: Worker, other: Studio | None) -> None:
    """A worker leads one live studio: `other` is the one they lead already (if any).
    The rule of the application form, the resubmission and the import."""
    if other is not None:
        raise ValidationError(
            {
                "leader": _("%(name)s already leads “%(studio)s”.")
                % {"name": leader.name, "studio": other.name}
            }
        )


def _check_rules(studio: Studio) -> list[RuleResult]:
    """Evaluate the naming rules against the platform's records now, and keep the result
    on the studio (what its page shows)."""
    results = naming_rules_evaluate(studio, today=timezone.localdate())
    studio.rule_results = [r.as_dict() for r in results]
    studio.rules_checked_at = timezone.now()
    return results


def _require_override(results: list[RuleResult], override_reason: str, message: str) -> str:
    """A decision for the studio despite unmet rules needs a reason; returns it (stripped)
    or raises `message`, naming the unmet rules."""
    reason = (override_reason or "").strip()
    failed = [r for r in results if not r.passed]
    if failed and not reason:
        rules = "；".join(f"{r.description}（{r.evidence}）" for r in failed)
        raise ValidationError({"override_reason": message % {"rules": rules}})
    return reason if failed else ""


def _enter_review(studio: Studio, actor) -> None:
    first = review_path(studio.host, studio.level)[0]
    studio.status = StudioStatus.SUBMITTED
    studio.stage_level, studio.stage_org = first.level, first.org
    studio.applied_by = actor if getattr(actor, "is_authenticated", False) else None
    studio.applied_at = timezone.now()


@transaction.atomic
def studio_apply(
    *,
    actor,
    host: Org,
    leader: Worker,
    name: str,
    field: str,
    level: str,
    established_on: date,
    description: str = "",
    space_m2: Decimal | None = None,
    funding_yuan: Decimal | None = None,
) -> Studio:
    """Apply for a studio: it enters the review path at the host's union, with its leader
    as the first member and the naming rules checked."""
    scope = require_perm(actor, StudioPerm.APPLY)
    if not scope.covers(host.path):
        raise Http404
    studio = Studio(
        name=(name or "").strip(),
        leader=leader,
        host=host,
        field=(field or "").strip(),
        level=level,
        established_on=established_on,
        description=(description or "").strip(),
        space_m2=space_m2,
        funding_yuan=funding_yuan,
    )
    studio.full_clean(exclude=["stage_org", "applied_by", "certificate"])
    _check_leader_free(leader)
    _enter_review(studio, actor)
    studio.save()
    StudioMember.objects.create(
        studio=studio, worker=leader, role=MemberRole.LEADER, joined_on=established_on
    )
    _check_rules(studio)
    studio.save(update_fields=["rule_results", "rules_checked_at"])
    audit_record(
        actor=actor,
        action="studio.apply",
        obj=studio,
        org_path=host.path,
        details={"level": level, "leader": leader.pk, "stage": studio.stage_org_id},
    )
    return studio


def studio_drafts_create(*, actor, items: list[Studio], audit: bool = True) -> int:
    """Imported studios, as drafts with their leader as first member (the caller holds the
    transaction): each host in scope, each leader leading no other live studio (nor two
    of `items`). Each goes up the review path when its union submits it. Audited as one
    event unless the caller records it (`audit=False`: an import, one event a file)."""
    scope = require_perm(actor, StudioPerm.APPLY)
    leading = {
        s.leader_id: s
        for s in Studio.objects.exclude(status=StudioStatus.REVOKED)
        .filter(leader_id__in=[s.leader_id for s in items])
        .only("leader", "name")
    }
    for studio in items:
        if not scope.covers(studio.host.path):
            raise Http404
        studio_leader_free_check(studio.leader, leading.get(studio.leader_id))
        leading[studio.leader_id] = studio
        studio.status = StudioStatus.DRAFT
    created = Studio.objects.bulk_create(items, batch_size=1000)
    StudioMember.objects.bulk_create(
        [
            StudioMember(
                studio=s, worker_id=s.leader_id, role=MemberRole.LEADER, joined_on=s.established_on
            )
            for s in created
        ],
        batch_size=1000,
    )
    if audit:
        audit_record(actor=actor, action="studio.import", details={"created": len(created)})
    return len(created)


@transaction.atomic
def studio_resubmit(*, actor, studio: Studio, **changes) -> Studio:
    """Send a draft or a returned studio (with changes, if any) up the review path again."""
    studio = _locked(studio)
    _require_applicant(actor, studio)
    STUDIO.require_transition(studio.status, "resubmit")
    changed = {}
    for key, value in changes.items():
        if key in EDITABLE_FIELDS and getattr(studio, key) != value:
            changed[key] = [str(getattr(studio, key)), str(value)]
            setattr(studio, key, value)
    studio.full_clean(exclude=["stage_org", "applied_by", "certificate"])
    _check_leader_free(studio.leader, exclude_pk=studio.pk)
    was = studio.status
    _enter_review(studio, actor)
    _check_rules(studio)
    studio.save()
    audit_record(
        actor=actor,
        action="studio.resubmit",
        obj=studio,
        org_path=studio.host.path,
        details={"from": was, "changes": changed},
    )
    return studio


@transaction.atomic
def studio_review(
    *, actor, studio: Studio, decision: str, comment: str = "", override_reason: str = ""
) -> StudioReview:
    """Approve (on to the next stage, or into the announcement after the last) or return
    (back to the applicant). Only the role held at the current stage's org may act — or,
    at an enterprise stage with no account that reviews, a federation above it, saying so
    in its comment. The naming rules are checked again against the records of today; an
    approval despite unmet rules needs `override_reason`."""
    scope = require_perm(actor, StudioPerm.REVIEW)
    studio = _locked(studio)
    if not scope.covers(studio.host.path):
        raise Http404
    STUDIO.require_transition(studio.status, "review")
    stand_in = scope.org_id != studio.stage_org_id and is_stand_in(scope, studio)
    if scope.org_id != studio.stage_org_id and not stand_in:
        raise ValidationError(
            _("This studio waits for the review of %(org)s, not yours.")
            % {"org": studio.stage_org.name}
        )
    comment = (comment or "").strip()
    if decision == ReviewDecision.RETURN and not comment:
        raise ValidationError({"comment": _("Say what needs changing.")})
    if stand_in and not comment:
        raise ValidationError(
            {
                "comment": _(
                    "%(org)s has no account that reviews studios; say why you decide in its place."
                )
                % {"org": studio.stage_org.name}
            }
        )
    results = _check_rules(studio)
    reason = ""
    if decision == ReviewDecision.APPROVE:
        reason = _require_override(
            results,
            override_reason,
            _("Not met: %(rules)s. To approve all the same, give your reason."),
        )
    review = StudioReview(
        studio=studio,
        stage_org=studio.stage_org,
        stage_level=studio.stage_level,
        decision=decision,
        comment=comment,
        reviewer=actor,
        acting_org_id=scope.org_id if stand_in else None,
        rule_results=studio.rule_results,
        override_reason=reason,
    )
    review.full_clean()
    review.save()
    posting = None
    if decision == ReviewDecision.APPROVE:
        following = next_stage(studio.host, studio.stage_level, studio.level)
        if following is not None:
            studio.status = StudioStatus.UNDER_REVIEW
            studio.stage_level, studio.stage_org = following.level, following.org
        else:
            today = timezone.localdate()
            studio.status = StudioStatus.ANNOUNCED
            studio.stage_level, studio.stage_org = "", None
            posting = studio_post(actor=actor, studio=studio, starts_on=today)
            studio.announced_on, studio.announce_until = today, posting.ends_on
    else:
        studio.status = StudioStatus.RETURNED
        studio.stage_level, studio.stage_org = "", None
    studio.save(
        update_fields=[
            "status",
            "stage_level",
            "stage_org",
            "announced_on",
            "announce_until",
            "rule_results",
            "rules_checked_at",
            "updated_at",
        ]
    )
    details = {"stage": review.stage_level, "stage_org": review.stage_org_id, "to": studio.status}
    if stand_in:
        details["in_place_of"] = review.stage_org_id
        details["note"] = comment
    if reason:
        details["override"] = reason
        details["unmet"] = [r.code for r in results if not r.passed]
    if posting is not None and posting.public_url:
        details["announcement"] = posting.public_url
    audit_record(
        actor=actor,
        action=f"studio.review.{decision}",
        obj=studio,
        org_path=studio.host.path,
        details=details,
    )
    return review


@transaction.atomic
def studio_name(
    *,
    actor,
    studio: Studio,
    document_number: str,
    unveiled_on: date,
    level: str,
    override_reason: str = "",
) -> Studio:
    """Name the studio once its announcement has ended with no objection open, and issue
    its certificate. The naming rules are checked again; naming despite unmet rules needs
    `override_reason`."""
    studio = _locked(studio)
    authority = _require_authority(actor, studio)
    STUDIO.require_transition(studio.status, "name")
    if not announcement_over(studio):
        raise ValidationError(
            _("The announcement runs until %(date)s; name the studio after that.")
            % {"date": studio.announce_until.isoformat()}
        )
    if n := studio_open_objections(studio):
        raise ValidationError(
            _("%(n)d objection to this studio is still open; decide it before naming.") % {"n": n}
        )
    document_number = (document_number or "").strip()
    if not document_number:
        raise ValidationError({"document_number": _("Give the document number of the decision.")})
    if unveiled_on is None:
        raise ValidationError({"unveiled_on": _("Give the unveiling date.")})
    if level not in StudioLevel.values:
        raise ValidationError({"level": _("Choose a level.")})
    results = _check_rules(studio)
    reason = _require_override(
        results,
        override_reason,
        _("Not met: %(rules)s. To name the studio all the same, give your reason."),
    )
    studio.naming_override_reason = reason
    studio.status = StudioStatus.NAMED
    studio.document_number = document_number
    studio.unveiled_on = unveiled_on
    studio.named_level = level
    studio.named_at = timezone.now()
    studio.full_clean(exclude=["stage_org", "applied_by", "certificate", "leader", "host"])
    studio.certificate = document_issue(
        actor=actor,
        kind=CERTIFICATE_KIND,
        title=_("Model-worker and craftsman innovation studio"),
        holder_name=studio.name,
        org=authority,
        facts=[
            [_("Studio"), studio.name],
            [_("Leader"), studio.leader.name],
            [_("Host"), studio.host.name],
            [_("Level"), str(StudioLevel(level).label)],
            [_("Document number"), document_number],
            [_("Unveiling date"), unveiled_on.isoformat()],
        ],
    )
    studio.save()
    studio_close(actor=actor, studio=studio)
    details = {"document_number": document_number, "level": level}
    if reason:
        details["override"] = reason
        details["unmet"] = [r.code for r in results if not r.passed]
    audit_record(
        actor=actor, action="studio.name", obj=studio, org_path=studio.host.path, details=details
    )
    return studio


@transaction.atomic
def studio_revoke(*, actor, studio: Studio, reason: str) -> Studio:
    """Revoke the studio (when unqualified or inactive); its certificate is revoked too."""
    studio = _locked(studio)
    _require_authority(actor, studio)
    STUDIO.require_transition(studio.status, "revoke")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    was = studio.status
    studio.status = StudioStatus.REVOKED
    studio.stage_level, studio.stage_org = "", None
    studio.revoked_at = timezone.now()
    studio.revoked_reason = reason[:500]
    studio.save()
    if studio.certificate_id:
        document_revoke(actor=actor, document=studio.certificate, reason=reason)
    audit_record(
        actor=actor,
        action="studio.revoke",
        obj=studio,
        org_path=studio.host.path,
        details={"from": was, "reason": studio.revoked_reason},
    )
    return studio


# --- the optional path through a selection campaign (jiangxin.selection) ----------------


@transaction.atomic
def studio_announce_via_campaign(
    *, actor, studio: Studio, starts_on: date, ends_on: date, campaign_title: str = ""
) -> Studio:
    """Announce the studio (公示) in a selection campaign's announcement, with the
    campaign's dates, instead of the five working days its own final approval starts.
    Allowed while it waits in review (or when already announced: the campaign's dates
    replace its own). After the period `studio_name` names it as usual."""
    studio = _locked(studio)
    scope = require_perm(actor, StudioPerm.REVIEW)
    if not scope.covers(studio.host.path):
        raise Http404
    STUDIO.require_transition(studio.status, "announce")
    was = studio.status
    studio.status = StudioStatus.ANNOUNCED
    studio.stage_level, studio.stage_org = "", None
    studio.announced_on, studio.announce_until = starts_on, ends_on
    studio.save(
        update_fields=[
            "status",
            "stage_level",
            "stage_org",
            "announced_on",
            "announce_until",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="studio.announce",
        obj=studio,
        org_path=studio.host.path,
        details={"from": was, "until": ends_on.isoformat(), "campaign": campaign_title},
    )
    return studio


@transaction.atomic
def studio_withdraw_from_announcement(*, actor, studio: Studio, reason: str) -> Studio:
    """An objection to the announced studio was upheld (in a selection campaign): it goes
    back to the applicant, returned, with the reason recorded as the last stage's review."""
    studio = _locked(studio)
    scope = require_perm(actor, StudioPerm.REVIEW)
    if not scope.covers(studio.host.path):
        raise Http404
    STUDIO.require_transition(studio.status, "withdraw_announcement")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    last = review_path(studio.host, studio.level)[-1]
    StudioReview.objects.create(
        studio=studio,
        stage_org=last.org,
        stage_level=last.level,
        decision=ReviewDecision.RETURN,
        comment=reason,
        reviewer=actor,
    )
    studio.status = StudioStatus.RETURNED
    studio.announce_until = None
    studio.save(update_fields=["status", "announce_until", "updated_at"])
    audit_record(
        actor=actor,
        action="studio.announcement_withdraw",
        obj=studio,
        org_path=studio.host.path,
        details={"reason": reason},
    )
    return studio
