"""Nominations: a unit nominates, each level ranks what reached it and recommends within
its quota (the ranked recommendation sheet) up to the next level, and the organiser
checks each arrival formally."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm
from jiangxin.core.audit import audit_record
from jiangxin.orgs.models import Org

from ..access import not_in_scope, parent_org, require_level, require_manage, unit_of
from ..domain.workflow import CAMPAIGN, ENTRY, require_unfrozen
from ..enums import EntryStatus
from ..models import Campaign, Entry, Quota, SheetLine
from ..perms import SelectionPerm
from ..selectors import active_nominations, eligibility
from ..subjects import adapter_for


def _start_level(scope, campaign: Campaign, unit: Org) -> Org:
    """Nominations start at the unit; a federation below the organiser that nominates
    directly starts them at its own level (the organiser: straight to the formal check)."""
    if scope.org_id and scope.org_id != unit.pk:
        own = Org.objects.filter(pk=scope.org_id).first()
        if own and unit.path.startswith(own.path) and own.path.startswith(campaign.org.path):
            return own
    return unit


@transaction.atomic
def entry_nominate(*, actor, campaign: Campaign, subject_id: int) -> Entry:
    scope = require_perm(actor, SelectionPerm.NOMINATE)
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )
    CAMPAIGN.require_transition(campaign.stage, "nominate")
    adapter = adapter_for(campaign.subject_kind)
    obj = adapter.get(subject_id) if isinstance(subject_id, int) else None
    if obj is None:
        raise not_in_scope("subject")
    org = adapter.org(obj)
    if not scope.covers(org.path):
        raise not_in_scope("subject")
    if not org.path.startswith(campaign.org.path):
        raise ValidationError(
            {
                "subject": _("%(name)s is not under %(org)s, which organises this selection.")
                % {"name": adapter.title(obj), "org": campaign.org.name}
            }
        )
    if reason := adapter.not_nominable_reason(obj):
        raise ValidationError({"subject": reason})
    if (earlier := active_nominations(campaign, [obj.pk]).get(obj.pk)) is not None:
        if earlier.campaign_id == campaign.pk:
            message = _("%(name)s is already nominated.") % {"name": adapter.title(obj)}
        else:
            message = _("%(name)s is already nominated in %(campaign)s.") % {
                "name": adapter.title(obj),
                "campaign": earlier.campaign.title,
            }
        raise ValidationError({"subject": message})
    if reasons := eligibility(campaign, obj):
        raise ValidationError({"subject": reasons})
    unit = unit_of(org)
    entry = Entry(
        campaign=campaign,
        subject_kind=campaign.subject_kind,
        subject_id=obj.pk,
        title=adapter.title(obj)[:200],
        display_name=adapter.public_name(obj)[:200],
        field=adapter.field(obj)[:120],
        org=org,
        current_org=_start_level(scope, campaign, unit),
        nominated_by=actor,
        nominated_at=timezone.now(),
    )
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action="selection.entry.nominate",
        obj=entry,
        details={"campaign": campaign.pk, "kind": entry.subject_kind, "subject": obj.pk},
    )
    return entry


def quota_of(campaign: Campaign, org: Org) -> int | None:
    row = Quota.objects.filter(campaign=campaign, org=org).first()
    return row.amount if row else None


@transaction.atomic
def sheet_submit(
    *, actor, campaign: Campaign, org: Org, ranked_entry_ids: list[int]
) -> list[SheetLine]:
    """Submit `org`'s ranked recommendation sheet: the listed entries, best first, go up to
    the next level; every other entry waiting at `org` is not recommended. Refused when
    the sheet is over `org`'s quota (entries recommended earlier count too)."""
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )
    require_level(actor, campaign, org)
    CAMPAIGN.require_transition(campaign.stage, "recommend")
    if org.pk == campaign.org_id:
        raise ValidationError(_("The organiser does not recommend upwards: open the formal check."))
    waiting = {
        e.pk: e
        for e in Entry.objects.select_for_update().filter(
            campaign=campaign, current_org=org, status=EntryStatus.NOMINATED
        )
    }
    require_unfrozen(*waiting.values())
    if len(set(ranked_entry_ids)) != len(ranked_entry_ids):
        raise ValidationError({"entries": _("An entry is listed twice on the sheet.")})
    for pk in ranked_entry_ids:
        if pk not in waiting:
            raise ValidationError(
                {
                    "entries": _("Entry %(id)s is not waiting at %(org)s.")
                    % {"id": pk, "org": org.name}
                }
            )
    if not waiting:
        raise ValidationError(
            {"entries": _("No nomination is waiting at %(org)s.") % {"org": org.name}}
        )
    quota = quota_of(campaign, org)
    earlier = SheetLine.objects.filter(campaign=campaign, org=org, recommended=True).count()
    if quota is not None and earlier + len(ranked_entry_ids) > quota:
        raise ValidationError(
            {
                "entries": _(
                    "%(org)s may recommend %(quota)d (already recommended: %(earlier)d); this sheet "
                    "lists %(n)d. Take %(over)d off the sheet."
                )
                % {
                    "org": org.name,
                    "quota": quota,
                    "earlier": earlier,
                    "n": len(ranked_entry_ids),
                    "over": earlier + len(ranked_entry_ids) - quota,
                }
            }
        )
    up = parent_org(org)
    if up is None or not up.path.startswith(campaign.org.path):
        raise ValidationError(
            _("%(org)s has no level above it in this selection.") % {"org": org.name}
        )
    lines = []
    for rank, pk in enumerate(ranked_entry_ids, start=1):
        lines.append(
            SheetLine(
                campaign=campaign,
                org=org,
                entry=waiting[pk],
                rank=rank,
                recommended=True,
                submitted_by=actor,
            )
        )
    left = [e for pk, e in waiting.items() if pk not in set(ranked_entry_ids)]
    lines += [
        SheetLine(
            campaign=campaign, org=org, entry=e, rank=None, recommended=False, submitted_by=actor
        )
        for e in left
    ]
    SheetLine.objects.bulk_create(lines)
    Entry.objects.filter(pk__in=ranked_entry_ids).update(current_org=up)
    Entry.objects.filter(pk__in=[e.pk for e in left]).update(status=EntryStatus.NOT_RECOMMENDED)
    audit_record(
        actor=actor,
        action="selection.sheet.submit",
        obj=campaign,
        org_path=org.path,
        details={
            "org": org.pk,
            "recommended": ranked_entry_ids,
            "not_recommended": [e.pk for e in left],
            "to": up.pk,
        },
    )
    return lines


@transaction.atomic
def entry_formal_check(*, actor, entry: Entry, passed: bool, reason: str = "") -> Entry:
    """Pass or fail an arrival at the organiser (a failure needs its reason); the decision
    can be changed while the formal check is open."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("campaign__org")
        .get(pk=entry.pk)
    )
    campaign = entry.campaign
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "check")
    ENTRY.require_transition(entry.status, "check")
    if entry.current_org_id != campaign.org_id:
        raise ENTRY.error(entry.status, "check")
    require_unfrozen(entry)
    reason = (reason or "").strip()
    if not passed and not reason:
        raise ValidationError(
            {"reason": _("Give the reason the nomination fails the formal check.")}
        )
    was = entry.status
    entry.status = EntryStatus.CHECK_PASSED if passed else EntryStatus.CHECK_FAILED
    entry.check_reason = reason[:500]
    entry.checked_by = actor
    entry.checked_at = timezone.now()
    entry.save(update_fields=["status", "check_reason", "checked_by", "checked_at"])
    audit_record(
        actor=actor,
        action="selection.entry.check",
        obj=entry,
        details={"from": was, "to": entry.status, "reason": entry.check_reason},
    )
    return entry
