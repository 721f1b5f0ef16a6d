"""What a named studio records over the years: quarterly reports, annual assessments;
and the creation-rate targets a federation sets."""

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
from jiangxin.orgs.models import Org

from ..domain.workflow import STUDIO
from ..indicators import studio_indicators
from ..models import CreationRateTarget, Studio, StudioAssessment, StudioQuarterlyReport
from ..perms import StudioPerm
from .lifecycle import _locked, _require_applicant, _require_authority


@transaction.atomic
def studio_report_quarter(
    *,
    actor,
    studio: Studio,
    year: int,
    quarter: int,
    activities: str,
    trainings: int = 0,
    achievements: str = "",
) -> StudioQuarterlyReport:
    studio = _locked(studio)
    _require_applicant(actor, studio)
    STUDIO.require_transition(studio.status, "report")
    today = timezone.localdate()
    if (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        raise ValidationError({"quarter": _("This quarter has not begun yet.")})
    if StudioQuarterlyReport.objects.filter(studio=studio, year=year, quarter=quarter).exists():
        raise ValidationError(
            {"quarter": _("Q%(q)d %(y)d has already been reported.") % {"q": quarter, "y": year}}
        )
    report = StudioQuarterlyReport(
        studio=studio,
        year=year,
        quarter=quarter,
        activities=(activities or "").strip(),
        trainings=trainings,
        achievements=(achievements or "").strip(),
        submitted_by=actor,
    )
    report.full_clean(validate_constraints=False)
    report.save()
    audit_record(
        actor=actor,
        action="studio.report_quarter",
        obj=studio,
        org_path=studio.host.path,
        details={"year": year, "quarter": quarter},
    )
    return report


@transaction.atomic
def studio_assess(
    *, actor, studio: Studio, year: int, rating: str, comment: str = ""
) -> StudioAssessment:
    """The annual assessment: the indicators are computed from the platform's records now
    (never typed in) and kept with the rating."""
    studio = _locked(studio)
    _require_authority(actor, studio)
    STUDIO.require_transition(studio.status, "assess")
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("This year has not begun yet.")})
    if StudioAssessment.objects.filter(studio=studio, year=year).exists():
        raise ValidationError({"year": _("%(y)d has already been assessed.") % {"y": year}})
    assessment = StudioAssessment(
        studio=studio,
        year=year,
        indicators=studio_indicators([studio], year)[studio.pk],
        rating=rating,
        comment=(comment or "").strip(),
        assessor=actor,
    )
    assessment.full_clean(validate_constraints=False)
    assessment.save()
    audit_record(
        actor=actor,
        action="studio.assess",
        obj=studio,
        org_path=studio.host.path,
        details={"year": year, "rating": rating, "indicators": assessment.indicators},
    )
    return assessment


@transaction.atomic
def creation_rate_target_set(
    *, actor, org: Org, target_rate: Decimal, by_date: date, note: str = ""
) -> CreationRateTarget:
    scope = require_perm(actor, StudioPerm.REVIEW)
    if not scope.covers(org.path):
        raise Http404
    target = CreationRateTarget(
        org=org, target_rate=target_rate, by_date=by_date, note=(note or "").strip(), set_by=actor
    )
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="studio.creation_rate_target",
        obj=target,
        details={"rate": str(target_rate), "by": by_date.isoformat()},
    )
    return target
