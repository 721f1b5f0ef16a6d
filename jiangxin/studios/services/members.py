"""A studio's members: workers of the host enterprise (or its branches)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.core.audit import audit_record
from jiangxin.people.models import Worker

from ..domain.workflow import STUDIO
from ..enums import MemberRole
from ..models import Studio, StudioMember
from .lifecycle import _locked, _require_applicant


@transaction.atomic
def studio_member_add(
    *, actor, studio: Studio, worker: Worker, role: str, joined_on: date
) -> StudioMember:
    studio = _locked(studio)
    _require_applicant(actor, studio)
    STUDIO.require_transition(studio.status, "members")
    if role == MemberRole.LEADER:
        raise ValidationError({"role": _("A studio has one leader, named when it applies.")})
    if StudioMember.objects.filter(studio=studio, worker=worker).exists():
        raise ValidationError(
            {"worker": _("%(name)s is already a member.") % {"name": worker.name}}
        )
    member = StudioMember(studio=studio, worker=worker, role=role, joined_on=joined_on)
    member.full_clean(validate_constraints=False)
    member.save()
    audit_record(
        actor=actor,
        action="studio.member_add",
        obj=studio,
        org_path=studio.host.path,
        details={"worker": worker.pk, "role": role},
    )
    return member


def studio_members_add_many(*, actor, items: list[StudioMember], audit: bool = True) -> int:
    """Imported members, checked row by row by the import (the caller holds the
    transaction): each studio must be in the actor's scope and not revoked. Audited as
    one event unless the caller records it (`audit=False`: an import, one event a file)."""
    studios = {m.studio_id: m.studio for m in items}
    for studio in studios.values():
        _require_applicant(actor, studio)
        STUDIO.require_transition(studio.status, "members")
    if any(m.role == MemberRole.LEADER for m in items):
        raise ValidationError({"role": _("A studio has one leader, named when it applies.")})
    created = StudioMember.objects.bulk_create(items, batch_size=1000)
    if audit:
        audit_record(
            actor=actor,
            action="studio.member_import",
            details={"created": len(created), "studios": sorted(studios)},
        )
    return len(created)


@transaction.atomic
def studio_member_remove(*, actor, member: StudioMember) -> None:
    studio = _locked(member.studio)
    _require_applicant(actor, studio)
    if member.role == MemberRole.LEADER:
        raise ValidationError(_("The leader cannot be removed from the studio."))
    StudioMember.objects.filter(pk=member.pk).delete()
    audit_record(
        actor=actor,
        action="studio.member_remove",
        obj=studio,
        org_path=studio.host.path,
        details={"worker": member.worker_id},
    )
