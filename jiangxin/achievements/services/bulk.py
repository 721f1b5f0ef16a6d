"""Many new achievements at once (the Excel import): the rules of `achievement_submit`,
`benefit_claim` and `patent_add`, then one bulk insert per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm
from jiangxin.core.audit import audit_record
from jiangxin.core.search import search_index_many
from jiangxin.people.models import Worker

from ..domain.rules import achievement_rule_errors, benefit_year_error
from ..enums import PatentStatus
from ..models import Achievement, BenefitEntry, Completer, Patent
from ..perms import AchievementPerm
from ..selectors import SEARCH_KIND
from .achievements import _normalise_completers


@dataclass
class AchievementIn:
    """One new achievement of a bulk write: the unsaved achievement (its enterprise and
    studio set), its completers in order, the benefit claimed by year, and its patents as
    (office, normalised application number, type) — numbers checked by their office."""

    achievement: Achievement
    completers: list[Worker]
    benefits: list[tuple[int, Decimal]] = field(default_factory=list)
    patents: list[tuple[str, str, str]] = field(default_factory=list)


def achievement_in_errors(scope, item: AchievementIn, today) -> dict[str, list[str]]:
    """The errors of one new achievement by field (empty when it may be written): its
    completers (in scope, each once), the achievement's own rules, its benefit years and
    amounts, the achievement's own fields. The import calls it per row; `achievements_bulk_create` for every item."""
    errors: dict[str, list[str]] = {}
    try:
        _normalise_completers(scope, item.completers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        item.achievement.clean_fields(exclude=["enterprise", "studio", "created_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    first = item.completers[0] if item.completers else None
    for key, messages in achievement_rule_errors(item.achievement, first, today).items():
        errors.setdefault(key, []).extend(messages)
    for year, amount in item.benefits:
        year_error = benefit_year_error(year, today)
        if year_error:
            errors.setdefault("year", []).append(year_error)
        if amount <= 0:
            errors.setdefault("claimed_yuan", []).append(_("Give the benefit claimed, in yuan."))
    return errors


def achievements_bulk_create(
    *, actor, items: list[AchievementIn], audit: bool = True
) -> dict[str, int]:
    """Write many new achievements, checked field by field by the caller (the caller
    holds the transaction): each enterprise in the actor's scope and every item meeting
    `achievement_in_errors`, else nothing is written. The (enterprise, title) and patent
    numbers are unique in the database. Returns the counts written; audited as one event
    unless the caller records it (`audit=False`: an import, one event a file)."""
    scope = require_perm(actor, AchievementPerm.MANAGE)
    for enterprise in {
        i.achievement.enterprise_id: i.achievement.enterprise for i in items
    }.values():
        if not scope.covers(enterprise.path):
            raise Http404
    today = timezone.localdate()
    for item in items:
        errors = achievement_in_errors(scope, item, today)
        if errors:
            raise ValidationError(errors)
    Achievement.objects.bulk_create([i.achievement for i in items], batch_size=2000)
    completers, benefits, patents, index = [], [], [], []
    for item in items:
        a = item.achievement
        completers += [
            Completer(achievement=a, worker=w, order=n)
            for n, w in enumerate(item.completers, start=1)
        ]
        benefits += [
            BenefitEntry(achievement=a, year=year, claimed_yuan=amount)
            for year, amount in item.benefits
        ]
        patents += [
            Patent(
                achievement=a,
                office=office,
                application_number=number,
                patent_type=patent_type,
                title=a.title[:200],
                status=PatentStatus.APPLIED,
            )
            for office, number, patent_type in item.patents
        ]
        names = " ".join(w.name for w in item.completers)
        index.append((a.pk, a.enterprise.path, f"{a.title} {names}"))
    Completer.objects.bulk_create(completers, batch_size=2000)
    BenefitEntry.objects.bulk_create(benefits, batch_size=2000)
    Patent.objects.bulk_create(patents, batch_size=2000)
    search_index_many(SEARCH_KIND, index)
    counts = {"created": len(items), "benefit_entries": len(benefits), "patents": len(patents)}
    if audit:
        audit_record(actor=actor, action="achievement.import", details=counts)
    return counts
