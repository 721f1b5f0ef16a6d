"""Writes to patents: record one (its number checked by its office's rules), and one
service per step of its lifecycle — grant, reject, lapse — each refusing a step the
lifecycle does not allow (`domain.workflow.PATENT`) and audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.audit import audit_record
from jiangxin.core.patent_numbers import patent_number_parse

from ..domain.workflow import PATENT
from ..enums import PatentOffice, PatentStatus, PatentType
from ..models import Achievement, Patent
from ..perms import AchievementPerm
from .achievements import _scope_over

# Which patent types each office grants (the number may narrow it further).
OFFICE_TYPES = {
    PatentOffice.CN: {
        PatentType.INVENTION,
        PatentType.UTILITY_MODEL,
        PatentType.DESIGN,
        PatentType.PCT,
    },
    PatentOffice.PCT: {PatentType.PCT},
    PatentOffice.US: {PatentType.INVENTION, PatentType.DESIGN},
    PatentOffice.EP: {PatentType.INVENTION},
    PatentOffice.JP: {PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN},
    PatentOffice.OTHER: {PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN},
}


def _type_label(value: str) -> str:
    return str(PatentType(value).label) if value in PatentType.values else value


def _not_granted(office: str, kind: str) -> str:
    return _("%(office)s does not grant a %(type)s.") % {
        "office": PatentOffice(office).label,
        "type": _type_label(kind),
    }


def patent_number_check(
    office: str, application_number: str, patent_type: str = ""
) -> tuple[str, str, int | None]:
    """(normalised number, patent type, filing year) — or ValidationError naming the
    field. The type the number implies wins; a different type given is an error."""
    office = office or PatentOffice.CN
    try:
        parsed = patent_number_parse(office, application_number or "", patent_type)
    except ValidationError as exc:
        field = "office" if exc.code == "invalid_office" else "application_number"
        raise ValidationError({field: exc.messages}) from exc
    given = patent_type
    if given and given not in OFFICE_TYPES[office]:
        raise ValidationError({"patent_type": _not_granted(office, given)})
    if given and parsed.patent_type and given != parsed.patent_type:
        raise ValidationError(
            {
                "patent_type": _(
                    "Application number %(number)s is of the type “%(expected)s” (the number "
                    "says so), not “%(given)s”."
                )
                % {
                    "number": parsed.number,
                    "expected": _type_label(parsed.patent_type),
                    "given": _type_label(given),
                }
            }
        )
    kind = parsed.patent_type or given or PatentType.INVENTION
    if kind not in OFFICE_TYPES[office]:
        raise ValidationError({"patent_type": _not_granted(office, kind)})
    return parsed.number, kind, parsed.year


def _not_future(day: date | None, field: str, message: str, errors: dict) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(message)


def _after_filing(patent: Patent, year: int | None, day: date | None, field: str, errors) -> None:
    """`day` (a grant, rejection or lapse) cannot come before the application."""
    if day is None:
        return
    if patent.filed_on and day < patent.filed_on:
        errors.setdefault(field, []).append(
            _("The date is before the application date (%(date)s).")
            % {"date": patent.filed_on.isoformat()}
        )
    elif year and day.year < year:
        errors.setdefault(field, []).append(
            _("The date is before the application year %(year)s.") % {"year": year}
        )


@transaction.atomic
def patent_add(
    *,
    actor,
    achievement: Achievement,
    application_number: str,
    office: str = PatentOffice.CN,
    patent_type: str = "",
    title: str = "",
    filed_on: date | None = None,
    status: str = PatentStatus.APPLIED,
    grant_date: date | None = None,
    grant_number: str = "",
) -> Patent:
    """Record a patent: its number validated by its office's rules (the CN check
    character, the EP check digit …) and stored normalised; the type must agree with
    what the number says. A patent may be recorded as applied or, with its grant date,
    as granted; later steps go through `patent_grant`, `patent_reject`, `patent_lapse`."""
    _scope_over(actor, AchievementPerm.MANAGE, achievement.enterprise)
    errors: dict[str, list[str]] = {}
    number, year = "", None
    office = office or PatentOffice.CN
    try:
        number, patent_type, year = patent_number_check(office, application_number, patent_type)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if number and Patent.objects.filter(office=office, application_number=number).exists():
        errors["application_number"] = [_("This application number is already recorded.")]
    if status not in (PatentStatus.APPLIED, PatentStatus.GRANTED):
        errors["status"] = [
            _("Record the patent as applied or granted; a rejection or lapse is recorded later.")
        ]
    if status == PatentStatus.GRANTED and grant_date is None:
        errors.setdefault("grant_date", []).append(_("A granted patent needs its grant date."))
    if status != PatentStatus.GRANTED and (grant_date is not None or grant_number):
        errors.setdefault("grant_date", []).append(_("Only a granted patent has a grant date."))
    patent = Patent(
        achievement=achievement,
        office=office,
        patent_type=patent_type,
        application_number=number,
        title=(title or "").strip() or achievement.title[:200],
        filed_on=filed_on,
        status=status,
        grant_date=grant_date,
        grant_number=(grant_number or "").strip(),
    )
    _not_future(filed_on, "filed_on", _("The application date is in the future."), errors)
    # CN, PCT and JP numbers carry the filing year; an EP number the year the EPO got
    # the file, which for a Euro-PCT application is not the (international) filing date.
    if filed_on and year and office != PatentOffice.EP and filed_on.year != year:
        errors.setdefault("filed_on", []).append(
            _("The number says the application was filed in %(year)s.") % {"year": year}
        )
    _not_future(grant_date, "grant_date", _("The grant date is in the future."), errors)
    _after_filing(patent, year, grant_date, "grant_date", errors)
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
        details={"patent": number, "office": office, "type": patent_type, "status": status},
    )
    return patent


def _locked(actor, patent: Patent) -> Patent:
    """The patent, locked for the change, after the scope check (a foreign one is 404)."""
    patent = (
        Patent.objects.select_for_update(of=("self",))
        .select_related("achievement", "achievement__enterprise")
        .get(pk=patent.pk)
    )
    _scope_over(actor, AchievementPerm.MANAGE, patent.achievement.enterprise)
    return patent


def _save_step(actor, patent: Patent, old: str, action: str, errors: dict, **details) -> Patent:
    if not errors:
        try:
            patent.full_clean(validate_constraints=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    patent.save()
    achievement = patent.achievement
    audit_record(
        actor=actor,
        action=action,
        obj=achievement,
        org_path=achievement.enterprise.path,
        details={
            "patent": patent.application_number,
            "office": patent.office,
            "from": old,
            "to": patent.status,
            **details,
        },
    )
    return patent


@transaction.atomic
def patent_grant(
    *, actor, patent: Patent, grant_date: date | None, grant_number: str = ""
) -> Patent:
    """Applied → granted, on the grant date (not before the application, not in the
    future), with the grant (patent) number if known."""
    patent = _locked(actor, patent)
    PATENT.require_transition(patent.status, PatentStatus.GRANTED)
    errors: dict[str, list[str]] = {}
    if grant_date is None:
        errors["grant_date"] = [_("Give the grant date.")]
    year = _filing_year(patent)
    _not_future(grant_date, "grant_date", _("The grant date is in the future."), errors)
    _after_filing(patent, year, grant_date, "grant_date", errors)
    old = patent.status
    patent.status = PatentStatus.GRANTED
    patent.grant_date = grant_date
    patent.grant_number = (grant_number or "").strip()
    return _save_step(
        actor,
        patent,
        old,
        "achievement.patent_grant",
        errors,
        grant_date=grant_date.isoformat() if grant_date else None,
        grant_number=patent.grant_number,
    )


@transaction.atomic
def patent_reject(*, actor, patent: Patent, rejected_on: date | None, reason: str = "") -> Patent:
    """Applied → rejected (驳回), on the date of the decision."""
    patent = _locked(actor, patent)
    PATENT.require_transition(patent.status, PatentStatus.REJECTED)
    return _end(
        actor, patent, PatentStatus.REJECTED, rejected_on, reason, "achievement.patent_reject"
    )


@transaction.atomic
def patent_lapse(*, actor, patent: Patent, lapsed_on: date | None, reason: str = "") -> Patent:
    """Granted → lapsed (失效: fees unpaid, term over, surrendered, invalidated), or an
    application withdrawn; on the date it lapsed, not before the grant."""
    patent = _locked(actor, patent)
    PATENT.require_transition(patent.status, PatentStatus.LAPSED)
    return _end(actor, patent, PatentStatus.LAPSED, lapsed_on, reason, "lapsed_on")


def _filing_year(patent: Patent) -> int | None:
    from jiangxin.core.patent_numbers import patent_number_year

    return patent_number_year(patent.office, patent.application_number)


def _end(actor, patent: Patent, status: str, day: date | None, reason: str, field: str) -> Patent:
    """Rejected or lapsed on `day`; messages go on `field` (the service's argument)."""
    errors: dict[str, list[str]] = {}
    if day is None:
        errors[field] = [_("Give the date.")]
    _not_future(day, field, _("The date is in the future."), errors)
    _after_filing(patent, _filing_year(patent), day, field, errors)
    if day and patent.grant_date and day < patent.grant_date:
        errors.setdefault(field, []).append(
            _("The date is before the grant date (%(date)s).")
            % {"date": patent.grant_date.isoformat()}
        )
    old = patent.status
    patent.status = status
    patent.ended_on = day
    patent.end_reason = (reason or "").strip()
    return _save_step(
        actor,
        patent,
        old,
        f"achievement.patent_{'reject' if status == PatentStatus.REJECTED else 'lapse'}",
        errors,
        date=day.isoformat() if day else None,
        reason=patent.end_reason,
    )
