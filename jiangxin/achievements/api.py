"""Innovation achievements: a keyset-paged list and one achievement with its completers in
order, patents and benefit (claimed vs certified, per year and in total)."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from . import selectors

router = Router(tags=["achievements"])


class AchievementOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    enterprise_id: int
    enterprise_name: str
    studio_id: int | None
    studio_name: str | None
    started_on: date | None
    completed_on: date | None
    classified: bool
    ip_dispute: bool
    completers: list[str]
    claimed_total: Decimal
    certified_total: Decimal

    @staticmethod
    def resolve_enterprise_name(obj) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_studio_name(obj) -> str | None:
        return obj.studio.name if obj.studio_id else None

    @staticmethod
    def resolve_completers(obj) -> list[str]:
        return [c.worker.name for c in obj.completers.all()]


class AchievementPage(Schema):
    items: list[AchievementOut]
    next_cursor: str | None


class CompleterOut(Schema):
    order: int
    worker_id: int
    name: str
    employer_name: str
    share_pct: Decimal | None


class PatentOut(Schema):
    office: str
    application_number: str
    patent_type: str
    title: str
    filed_on: date | None
    status: str
    grant_date: date | None
    grant_number: str


class BenefitOut(Schema):
    year: int
    claimed_yuan: Decimal
    certified_yuan: Decimal | None
    certified_at: str | None


class BenefitTotalsOut(Schema):
    claimed: Decimal
    certified: Decimal


class AchievementDetailOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    description: str
    enterprise_id: int
    enterprise_name: str
    studio_id: int | None
    studio_name: str | None
    started_on: date | None
    completed_on: date | None
    classified: bool
    ip_dispute: bool
    completers: list[CompleterOut]
    patents: list[PatentOut]
    benefit: list[BenefitOut]
    benefit_totals: BenefitTotalsOut


@router.get("", response=AchievementPage, summary="Innovation achievements in your scope")
def achievements_list(
    request,
    q: str = "",
    kind: str = "",
    status: str = "",
    year: int | None = None,
    cursor: str | None = None,
    size: int = 50,
):
    page = selectors.achievement_list(
        request.user, q=q, kind=kind, status=status, year=year, cursor=cursor, size=size
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/{achievement_id}",
    response=AchievementDetailOut,
    summary="One achievement: completers in order, patents and benefit",
)
def achievements_detail(request, achievement_id: int):
    a = selectors.achievement_get(request.user, achievement_id)
    totals = selectors.benefit_total(selectors.achievement_qs(request.user).filter(pk=a.pk))
    return {
        "id": a.pk,
        "title": a.title,
        "kind": a.kind,
        "status": a.status,
        "description": a.description,
        "enterprise_id": a.enterprise_id,
        "enterprise_name": a.enterprise.name,
        "studio_id": a.studio_id,
        "studio_name": a.studio.name if a.studio_id else None,
        "started_on": a.started_on,
        "completed_on": a.completed_on,
        "classified": a.classified,
        "ip_dispute": a.ip_dispute,
        "completers": [
            {
                "order": c.order,
                "worker_id": c.worker_id,
                "name": c.worker.name,
                "employer_name": c.worker.employer.name,
                "share_pct": c.share_pct,
            }
            for c in selectors.completer_list(a)
        ],
        "patents": selectors.patent_list(a),
        "benefit": [
            {
                "year": b.year,
                "claimed_yuan": b.claimed_yuan,
                "certified_yuan": b.certified_yuan,
                "certified_at": b.certified_at.isoformat() if b.certified_at else None,
            }
            for b in selectors.benefit_list(a)
        ],
        "benefit_totals": {"claimed": totals.claimed, "certified": totals.certified},
    }
