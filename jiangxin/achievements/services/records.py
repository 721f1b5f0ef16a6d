"""Writes to an achievement's records: attachments and the benefit ledger."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm
from jiangxin.core.audit import audit_record
from jiangxin.orgs.paths import common_ancestor_path

from ..domain.rules import benefit_year_error
from ..domain.workflow import ACHIEVEMENT
from ..files import attachment_check
from ..models import Achievement, Attachment, BenefitEntry
from ..perms import AchievementPerm
from .achievements import _scope_over

# --- attachments ------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, achievement: Achievement, upload, note: str = "") -> Attachment:
    """Attach a file: PDF, JPG, PNG, DOCX or XLSX by its content (not only its name), at
    most JX_ATTACHMENT_MAX_BYTES. Stored under MEDIA_ROOT/achievements/."""
    _scope_over(actor, AchievementPerm.MANAGE, achievement.enterprise)
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
    _scope_over(actor, AchievementPerm.MANAGE, achievement.enterprise)
    amount = _money(claimed_yuan, "claimed_yuan")
    if amount == 0:
        raise ValidationError({"claimed_yuan": _("Give the benefit claimed, in yuan.")})
    year_error = benefit_year_error(int(year), timezone.localdate())
    if year_error:
        raise ValidationError({"year": year_error})
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
    _scope_over(actor, AchievementPerm.BENEFIT_CERTIFY, achievement.enterprise)
    amount = _money(certified_yuan, "certified_yuan")
    ACHIEVEMENT.require_transition(achievement.status, "certify_benefit", field="certified_yuan")
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


BULK_CERTIFY_MAX = 500


@transaction.atomic
def benefit_certify_many(*, actor, entries, note: str = "") -> list[BenefitEntry]:
    """A federation certifies many claimed years at once, each at what was claimed: all
    of them or none, in one transaction, with one audit record naming how many and
    which. Entries outside the actor's scope answer 404; one already certified, or of
    an achievement still a draft, refuses the whole call with a message naming it."""
    scope = require_perm(actor, AchievementPerm.BENEFIT_CERTIFY)
    ids = sorted({e.pk if isinstance(e, BenefitEntry) else int(e) for e in entries})
    if not ids:
        raise ValidationError({"entries": _("Select at least one benefit entry to certify.")})
    if len(ids) > BULK_CERTIFY_MAX:
        raise ValidationError(
            {
                "entries": _("Certify at most %(max)d entries at a time; %(n)d are selected.")
                % {"max": BULK_CERTIFY_MAX, "n": len(ids)}
            }
        )
    rows = list(
        BenefitEntry.objects.select_for_update(of=("self",))
        .select_related("achievement", "achievement__enterprise")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(rows) != len(ids) or not all(scope.covers(r.achievement.enterprise.path) for r in rows):
        raise Http404
    errors = []
    for r in rows:
        name = {"title": r.achievement.title, "year": r.year}
        if r.is_certified:
            errors.append(_("The %(year)d benefit of “%(title)s” is already certified.") % name)
        elif not ACHIEVEMENT.can(r.achievement.status, "certify_benefit"):
            errors.append(
                _("“%(title)s” is still a draft; its %(year)d benefit cannot be certified.") % name
            )
    if errors:
        raise ValidationError({"entries": errors})
    now = timezone.now()
    note = (note or "").strip()
    for r in rows:
        r.certified_yuan, r.certified_by, r.certified_at = r.claimed_yuan, actor, now
        if note:
            r.note = note
        r.full_clean(validate_constraints=False)
    BenefitEntry.objects.bulk_update(
        rows, ["certified_yuan", "certified_by", "certified_at", "note"]
    )
    audit_record(
        actor=actor,
        action="benefit.certify_many",
        org_path=_common_org_path([r.achievement.enterprise.path for r in rows]),
        details={
            "count": len(rows),
            "entries": ids,
            "achievements": sorted({r.achievement_id for r in rows}),
            "certified": str(sum((r.claimed_yuan for r in rows), Decimal(0))),
        },
    )
    return rows


def _common_org_path(paths: list[str]) -> str:
    """The path of the deepest org over all of `paths` (whole tree steps only)."""
    return common_ancestor_path(paths)
