"""The public announcement (公示), objections (异议) and publication."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.audit import audit_record
from jiangxin.core.calendar import workday_span_end
from jiangxin.core.documents import document_issue

from ..access import require_manage
from ..domain.workflow import CAMPAIGN, ENTRY, OBJECTION, require_unfrozen
from ..enums import EntryStatus, ObjectionStatus, ObjectorKind, Stage, SubjectKind
from ..models import Announcement, Campaign, Entry, Investigation, Objection
from ..subjects import adapter_for

SEAL_MAX_BYTES = 2 * 1024 * 1024
AWARD_LIST_KIND = "award_list"
CERTIFICATE_KIND = "selection_award"


def announcement_end(start: date, workdays: int) -> date:
    """The last day of the announcement on the official calendar (holidays skipped,
    make-up working days counted)."""
    try:
        return workday_span_end(start, workdays)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"starts_on": str(exc)}) from exc


def announced_entries(campaign: Campaign):
    return Entry.objects.filter(campaign=campaign, tier__isnull=False).exclude(
        status=EntryStatus.WITHDRAWN
    )


@transaction.atomic
def announcement_open(
    *,
    actor,
    campaign: Campaign,
    starts_on: date | None = None,
    workdays: int | None = None,
    title: str = "",
    notice: str = "",
    contact: str = "",
) -> Announcement:
    """Put the proposed results up for public announcement for `workdays` working days
    (the campaign's default, at least 5 unless it says otherwise) from `starts_on`."""
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "announce")
    starts_on = starts_on or timezone.localdate()
    workdays = campaign.announcement_workdays if workdays is None else workdays
    if isinstance(workdays, bool) or not isinstance(workdays, int) or not 1 <= workdays <= 30:
        raise ValidationError({"workdays": _("Give a period of 1 to 30 working days.")})
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("The announcement cannot start in the past.")})
    entries = list(announced_entries(campaign))
    if not entries:
        raise ValidationError(_("No entry has been placed in an award tier."))
    announcement = Announcement(
        campaign=campaign,
        title=(title or "").strip()
        or _("Public announcement: %(title)s") % {"title": campaign.title},
        notice=(notice or "").strip(),
        contact=(contact or "").strip(),
        starts_on=starts_on,
        workdays=workdays,
        ends_on=announcement_end(starts_on, workdays),
        opened_by=actor,
    )
    announcement.full_clean()
    announcement.save()
    adapter = adapter_for(campaign.subject_kind)
    objs = adapter.load([e.subject_id for e in entries])
    for e in entries:
        if e.subject_id in objs:
            adapter.on_announce(
                entry=e, obj=objs[e.subject_id], announcement=announcement, actor=actor
            )
    campaign.stage = Stage.ANNOUNCEMENT
    campaign.save(update_fields=["stage", "updated_at"])
    audit_record(
        actor=actor,
        action="selection.campaign.announcement",
        obj=campaign,
        details={
            "starts_on": starts_on.isoformat(),
            "ends_on": announcement.ends_on.isoformat(),
            "workdays": workdays,
            "entries": len(entries),
        },
    )
    return announcement


def announcement_is_open(announcement: Announcement, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        announcement.closed_at is None and announcement.starts_on <= today <= announcement.ends_on
    )


# --- objections -------------------------------------------------------------------------


def check_seal_image(upload) -> None:
    """A PNG or JPEG (by its content, not its name) within the size limit."""
    limit = getattr(settings, "JX_SEAL_MAX_BYTES", SEAL_MAX_BYTES)
    if upload is None:
        raise ValidationError(
            {"seal_image": _("A unit's objection needs an image of its official seal.")}
        )
    if upload.size > limit:
        raise ValidationError(
            {
                "seal_image": _("The seal image is larger than %(mb).1f MB.")
                % {"mb": limit / 1024 / 1024}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        raise ValidationError({"seal_image": _("The seal image must be a PNG or JPEG picture.")})
    try:
        from PIL import Image

        with Image.open(upload) as img:
            img.verify()
            if img.format not in ("PNG", "JPEG"):
                raise ValueError(img.format)
    except Exception as exc:
        raise ValidationError(
            {"seal_image": _("The seal image is damaged or not a picture.")}
        ) from exc
    finally:
        upload.seek(0)


@transaction.atomic
def objection_file(
    *,
    announcement: Announcement,
    entry_id: int,
    kind: str,
    name: str,
    contact: str,
    content: str,
    unit_name: str = "",
    seal_image=None,
) -> Objection:
    """A public objection (no login): a person under their real name, or a unit with its
    seal. It freezes the entry until it is decided."""
    announcement = (
        Announcement.objects.select_for_update(of=("self",))
        .select_related("campaign__org")
        .get(pk=announcement.pk)
    )
    if not announcement_is_open(announcement):
        raise ValidationError(_("The announcement is not open for objections."))
    entry = (
        announced_entries(announcement.campaign).filter(pk=entry_id).select_for_update().first()
        if isinstance(entry_id, int)
        else None
    )
    if entry is None:
        raise ValidationError({"entry": _("Choose an entry of this announcement.")})
    errors = {}
    name, contact, content, unit_name = (
        (v or "").strip() for v in (name, contact, content, unit_name)
    )
    if kind not in ObjectorKind.values:
        errors["kind"] = _("Say whether you object as a person or as a unit.")
    if not name:
        errors["name"] = _("Give your real name; anonymous objections are not accepted.")
    if not contact:
        errors["contact"] = _("Give a phone number or address where we can reach you.")
    if len(content) < 10:
        errors["content"] = _("Describe the objection and its facts (at least 10 characters).")
    if kind == ObjectorKind.UNIT and not unit_name:
        errors["unit_name"] = _("Give the unit's full name.")
    if errors:
        raise ValidationError(errors)
    if kind == ObjectorKind.UNIT:
        check_seal_image(seal_image)
    objection = Objection(
        announcement=announcement,
        entry=entry,
        kind=kind,
        name=name[:50],
        contact=contact[:100],
        unit_name=unit_name[:120] if kind == ObjectorKind.UNIT else "",
        content=content[:5000],
    )
    if kind == ObjectorKind.UNIT:
        objection.seal_image = seal_image
    objection.full_clean(exclude=["seal_image"])
    objection.save()
    Entry.objects.filter(pk=entry.pk).update(frozen=True)
    audit_record(
        action="selection.objection.file",
        obj=objection,
        username="public",
        org_path=announcement.campaign.org.path,
        details={"entry": entry.pk, "kind": kind, "campaign": announcement.campaign_id},
    )
    return objection


def _objection_locked(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("entry__campaign__org")
        .get(pk=objection.pk)
    )


@transaction.atomic
def objection_investigate(*, actor, objection: Objection, notes: str) -> Investigation:
    objection = _objection_locked(objection)
    campaign = objection.entry.campaign
    require_manage(actor, campaign)
    OBJECTION.require_transition(objection.status, "investigate")
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Write down what was investigated and found.")})
    record = Investigation(objection=objection, notes=notes, by=actor)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="selection.objection.investigate",
        obj=objection.entry,
        org_path=campaign.org.path,
        details={"objection": objection.pk},
    )
    return record


@transaction.atomic
def objection_decide(*, actor, objection: Objection, outcome: str, note: str) -> Objection:
    """Upheld: the entry is withdrawn from the results. Dismissed: the entry is unfrozen
    (unless another objection to it is still open). An investigation record comes first.
    An objection holds back its entry only: when the campaign was published meanwhile,
    the entry unfrozen by the decision is awarded now."""
    objection = _objection_locked(objection)
    entry = Entry.objects.select_for_update(of=("self",)).get(pk=objection.entry_id)
    campaign = objection.entry.campaign
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "decide_objection")
    OBJECTION.require_transition(objection.status, "decide")
    if outcome not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ValidationError({"outcome": _("Choose upheld or dismissed.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Give the reasons for the outcome.")})
    if not objection.investigations.exists():
        raise ValidationError(_("Record the investigation before deciding."))
    objection.status, objection.outcome_note = outcome, note
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.save(update_fields=["status", "outcome_note", "decided_by", "decided_at"])
    still_open = Objection.objects.filter(entry=entry, status=ObjectionStatus.OPEN).exists()
    if outcome == ObjectionStatus.UPHELD:
        ENTRY.require_transition(entry.status, "withdraw")
        entry.status, entry.tier, entry.frozen = EntryStatus.WITHDRAWN, None, False
        entry.withdrawn_reason = note[:500]
        entry.save(update_fields=["status", "tier", "frozen", "withdrawn_reason"])
        adapter = adapter_for(entry.subject_kind)
        obj = adapter.get(entry.subject_id)
        if obj is not None:
            adapter.on_withdraw(entry=entry, obj=obj, reason=note, actor=actor)
    else:
        entry.frozen = still_open
        entry.save(update_fields=["frozen"])
        if campaign.stage == Stage.PUBLISHED and not entry.frozen:
            entry.campaign = campaign
            _award(actor, campaign, [entry])
    audit_record(
        actor=actor,
        action=f"selection.objection.{outcome}",
        obj=entry,
        org_path=campaign.org.path,
        details={"objection": objection.pk, "entry_status": entry.status, "frozen": entry.frozen},
    )
    return objection


# --- publication ----------------------------------------------------------------------


def award_rows(entries: list[Entry]) -> list[list[str]]:
    return [
        [str(n), e.tier.name if e.tier else "", e.display_name, e.org.name]
        for n, e in enumerate(entries, start=1)
    ]


def _award(actor, campaign: Campaign, entries: list[Entry]) -> list[str]:
    """Award the entries: the result applied to each subject, a certificate for each
    (a studio's is its naming certificate). A frozen entry is refused."""
    require_unfrozen(*entries)
    for e in entries:
        ENTRY.require_transition(e.status, "award")
    adapter = adapter_for(campaign.subject_kind)
    objs = adapter.load([e.subject_id for e in entries])
    done: list[str] = []
    for e in entries:
        e.campaign = campaign
        obj = objs.get(e.subject_id)
        if obj is not None:
            done += adapter.apply_result(entry=e, obj=obj, actor=actor)
        if e.certificate_id is None and campaign.subject_kind != SubjectKind.STUDIO_NAMING:
            e.certificate = document_issue(
                actor=actor,
                kind=CERTIFICATE_KIND,
                title=e.tier.name,
                holder_name=e.display_name,
                org=campaign.org,
                facts=[
                    [_("Selection"), campaign.title],
                    [_("Award"), e.tier.name],
                    *([[_("Entry"), e.title]] if e.title != e.display_name else []),
                    [_("Organisation"), e.org.name],
                    [_("Year"), str(campaign.year)],
                    [_("Document number"), campaign.decision_number],
                ],
            )
        e.status = EntryStatus.AWARDED
    Entry.objects.bulk_update(entries, ["status", "certificate"])
    return done


@transaction.atomic
def campaign_publish(*, actor, campaign: Campaign, decision_number: str) -> Campaign:
    """After the announcement period: the award list and a certificate for each awardee
    (each with its QR code), the results applied (honours, recommendations, studio
    naming), everything audited. An entry frozen by an open objection is held back (not
    awarded, still frozen) and does not hold back the others; `objection_decide` awards
    or withdraws it later."""
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )
    require_manage(actor, campaign)
    CAMPAIGN.require_transition(campaign.stage, "publish")
    announcement = campaign.announcement
    today = timezone.localdate()
    if today <= announcement.ends_on:
        raise ValidationError(
            _("The announcement runs until %(date)s; publish after that.")
            % {"date": announcement.ends_on.isoformat()}
        )
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ValidationError({"decision_number": _("Give the document number of the decision.")})
    campaign.decision_number = decision_number[:60]
    awardees = list(
        announced_entries(campaign)
        .filter(frozen=False)
        .select_related("tier__honour_type", "org")
        .order_by("tier__position", "rank")
    )
    done = _award(actor, campaign, awardees)
    held = list(announced_entries(campaign).filter(frozen=True).values_list("pk", flat=True))
    campaign.award_list = document_issue(
        actor=actor,
        kind=AWARD_LIST_KIND,
        title=_("Award list: %(title)s") % {"title": campaign.title},
        holder_name=campaign.org.name,
        org=campaign.org,
        facts=[
            [_("Selection"), campaign.title],
            [_("Document number"), campaign.decision_number],
            [_("Awardees"), str(len(awardees))],
        ],
    )
    campaign.stage = Stage.PUBLISHED
    campaign.published_at = timezone.now()
    campaign.save(
        update_fields=["decision_number", "award_list", "stage", "published_at", "updated_at"]
    )
    Announcement.objects.filter(pk=announcement.pk).update(closed_at=timezone.now())
    audit_record(
        actor=actor,
        action="selection.campaign.publish",
        obj=campaign,
        details={
            "decision_number": campaign.decision_number,
            "awardees": [e.pk for e in awardees],
            "held_back": held,
            "effects": len(done),
        },
    )
    return campaign
