"""Writes to an achievement's records: attachments, patents and the benefit ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.audit import audit_record
from jiangxin.core.roles import Perm
from jiangxin.core.validators import patent_normalise, patent_type_from_number

from ..enums import PATENT_TYPE_OF_NUMBER, AchievementStatus, PatentStatus, PatentType
from ..files import attachment_check
from ..models import Achievement, Attachment, BenefitEntry, Patent
from .achievements import _scope_over

FIRST_YEAR = 1990


# --- attachments ------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, achievement: Achievement, upload, note: str = "") -> Attachment:
    """Attach a file: PDF, JPG, PNG, DOCX or XLSX by its content (not only its name), at
    most JX_ATTACHMENT_MAX_BYTES. Stored under MEDIA_ROOT/achievements/."""
    _scope_over(actor, Perm.ACHIEVEMENT_MANAGE, achievement.enterprise)
    file_type, name = attachment_check(upload)
    attachment = Attachment(
        achievement=achievement,
        name=name,
        file_type=file_type,
        size=upload.size,
        note=(note or "").strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.full_clean(exclude=["file"])
    upload.seek(0)
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor,
            action="achievement.attachment_add",
            obj=achievement,
            org_path=achievement.enterprise.path,
            details={"attachment": attachment.pk, "type": file_type, "size": attachment.size},
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


# --- patents ----------------------------------------------------------------------------


@transaction.atomic
def patent_add(
    *,
    actor,
    achievement: Achievement,
    application_number: str,
    patent_type: str = "",
    title: str = "",
    status: str = PatentStatus.APPLIED,
    grant_date: date | None = None,
) -> Patent:
    """Record a patent. The number is validated (check digit) and stored normalised; the
    type must agree with the number's type digit."""
    _scope_over(actor, Perm.ACHIEVEMENT_MANAGE, achievement.enterprise)
    errors: dict[str, list[str]] = {}
    number = ""
    try:
        number = patent_normalise(application_number or "")
    except ValidationError as exc:
        errors["application_number"] = exc.messages
    if number:
        expected = PATENT_TYPE_OF_NUMBER[patent_type_from_number(number)]
        if patent_type and patent_type != expected:
            errors["patent_type"] = [
                _(
                    "Application number %(number)s is for a %(expected)s (its type digit "
                    "says so), not a %(given)s."
                )
                % {
                    "number": number,
                    "expected": expected.label,
                    "given": PatentType(patent_type).label
                    if patent_type in PatentType.values
                    else patent_type,
                }
            ]
        patent_type = expected
        if Patent.objects.filter(application_number=number).exists():
            errors["application_number"] = [_("This application number is already recorded.")]
    if status == PatentStatus.GRANTED and grant_date is None:
        errors.setdefault("grant_date", []).append(_("A granted patent needs its grant date."))
    if grant_date is not None:
        if status in (PatentStatus.APPLIED, PatentStatus.REJECTED):
            errors.setdefault("grant_date", []).append(
                _("Only a granted (or since lapsed) patent has a grant date.")
            )
        if grant_date > timezone.localdate():
            errors.setdefault("grant_date", []).append(_("The grant date is in the future."))
        if number and len(number) == 14 and grant_date.year < int(number[:4]):
            errors.setdefault("grant_date", []).append(
                _("The grant date is before the application year %(year)s.") % {"year": number[:4]}
            )
    patent = Patent(
        achievement=achievement,
        patent_type=patent_type,
        application_number=number,
        title=(title or "").strip() or achievement.title[:200],
        status=status,
        grant_date=grant_date,
    )
    if not errors:
        try:
            patent.full_clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    patent.save()
    audit_record(
        actor=actor,
        action="achievement.patent_add",
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={"patent": number, "type": patent_type, "status": status},
    )
    return patent


# --- the benefit ledger -----------------------------------------------------------------


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError as exc:
        raise ValidationError({field: _("Give an amount in yuan.")}) from exc
    if amount < 0:
        raise ValidationError({field: _("The amount cannot be negative.")})
    return amount


@transaction.atomic
def benefit_claim(
    *, actor, achievement: Achievement, year: int, claimed_yuan, note: str = ""
) -> BenefitEntry:
    """Claim (or correct the claim of) the benefit of one year. A certified year is
    closed."""
    _scope_over(actor, Perm.ACHIEVEMENT_MANAGE, achievement.enterprise)
    amount = _money(claimed_yuan, "claimed_yuan")
    if amount == 0:
        raise ValidationError({"claimed_yuan": _("Give the benefit claimed, in yuan.")})
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= int(year) <= this_year:
        raise ValidationError(
            {
                "year": _("Give a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": this_year}
            }
        )
    if achievement.started_on and int(year) < achievement.started_on.year:
        raise ValidationError(
            {
                "year": _("The year is before the achievement was started (%(year)d).")
                % {"year": achievement.started_on.year}
            }
        )
    entry = (
        BenefitEntry.objects.select_for_update().filter(achievement=achievement, year=year).first()
    )
    before = None
    if entry is None:
        entry = BenefitEntry(achievement=achievement, year=year, claimed_yuan=amount, note=note)
    else:
        if entry.is_certified:
            raise ValidationError(
                {
                    "year": _(
                        "The benefit for %(year)d is already certified; it can no longer be "
                        "changed."
                    )
                    % {"year": int(year)}
                }
            )
        before = str(entry.claimed_yuan)
        entry.claimed_yuan, entry.note = amount, (note or "").strip()
    entry.full_clean(validate_constraints=False)
    entry.save()
    audit_record(
        actor=actor,
        action="benefit.claim",
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={"year": int(year), "claimed": str(amount), "before": before},
    )
    return entry


@transaction.atomic
def benefit_certify(*, actor, entry: BenefitEntry, certified_yuan, note: str = "") -> BenefitEntry:
    """A federation certifies a year's benefit: at most what was claimed; who and when
    are recorded."""
    entry = (
        BenefitEntry.objects.select_for_update(of=("self",))
        .select_related("achievement", "achievement__enterprise")
        .get(pk=entry.pk)
    )
    achievement = entry.achievement
    _scope_over(actor, Perm.BENEFIT_CERTIFY, achievement.enterprise)
    amount = _money(certified_yuan, "certified_yuan")
    if achievement.status == AchievementStatus.DRAFT:
        raise ValidationError(
            {"certified_yuan": _("The achievement is still a draft; it must be submitted first.")}
        )
    if amount > entry.claimed_yuan:
        raise ValidationError(
            {
                "certified_yuan": _(
                    "The certified benefit (%(certified)s yuan) cannot exceed the claim "
                    "(%(claimed)s yuan)."
                )
                % {"certified": f"{amount:,}", "claimed": f"{entry.claimed_yuan:,}"}
            }
        )
    before = str(entry.certified_yuan) if entry.certified_yuan is not None else None
    entry.certified_yuan = amount
    entry.certified_by = actor
    entry.certified_at = timezone.now()
    if note:
        entry.note = note.strip()
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action="benefit.certify",
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={
            "year": entry.year,
            "claimed": str(entry.claimed_yuan),
            "certified": str(amount),
            "before": before,
        },
    )
    return entry
