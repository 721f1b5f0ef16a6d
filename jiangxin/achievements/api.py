"""Innovation achievements: a keyset-paged list and one achievement with its completers in
order, patents and benefit (claimed vs certified, per year and in total). Submitting an
achievement (with its completers, patents and benefit claims), adding a patent and
claiming a year's benefit go through jiangxin.achievements.services, like the pages."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status

from jiangxin.accounts.api import write
from jiangxin.core.api import WRITE_ERRORS, ApiIn, Id, IdPath, api_fields, max_len
from jiangxin.orgs.selectors import org_get
from jiangxin.people.api_refs import WorkerRef, worker_resolve
from jiangxin.studios.selectors import studio_get

from . import selectors, services
from .enums import AchievementKind, AchievementStatus, PatentOffice, PatentStatus, PatentType
from .models import Achievement, BenefitEntry, Patent

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
    year: int | None = Query(None, ge=1900, le=9999),
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
def achievements_detail(request, achievement_id: int = IdPath()):
    return _detail(request.user, selectors.achievement_get(request.user, achievement_id))


def _detail(user, a: Achievement) -> dict:
    totals = selectors.benefit_total(selectors.achievement_qs(user).filter(pk=a.pk))
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


# --- writes -----------------------------------------------------------------------------


class CompleterIn(WorkerRef):
    """A completer: the worker (by worker_id or resident_id), their place (1 = first
    completer; leave out on every completer to keep the list's order) and a share."""

    order: int | None = Field(None, ge=1, le=999)
    share_pct: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class PatentIn(ApiIn):
    office: PatentOffice = Field(
        PatentOffice.CN, description="The office: cn, pct, us, ep, jp or other"
    )
    application_number: str = Field(
        max_length=48, examples=["202310123456.6", "PCT/CN2024/123456", "EP21812345.3"]
    )
    patent_type: PatentType | None = Field(None, description="Taken from the number if left out")
    title: str = Field("", max_length=max_len(Patent, "title"))
    filed_on: date | None = None
    status: PatentStatus = PatentStatus.APPLIED
    grant_date: date | None = None
    grant_number: str = Field("", max_length=40)


class BenefitIn(ApiIn):
    year: int = Field(ge=1900, le=9999)
    claimed_yuan: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    note: str = Field("", max_length=max_len(BenefitEntry, "note"))


class AchievementIn(ApiIn):
    enterprise_id: Id
    title: str = Field(max_length=max_len(Achievement, "title"))
    kind: AchievementKind
    description: str = Field("", max_length=20000)
    studio_id: Id | None = None
    started_on: date | None = None
    completed_on: date | None = None
    classified: bool = False
    ip_dispute: bool = False
    draft: bool = Field(False, description="Keep it as a draft instead of submitting it")
    completers: list[CompleterIn] = Field(max_length=100)
    patents: list[PatentIn] = Field([], max_length=100)
    benefit: list[BenefitIn] = Field([], max_length=100, description="Benefit claimed per year")


ACHIEVEMENT_EXAMPLE = {
    "enterprise_id": 12,
    "title": "转炉炉衬快速修补技术",
    "kind": "technical_innovation",
    "description": "以喷补替代停炉砌补，单次修补时间由8小时缩短到2小时。",
    "started_on": "2024-03-01",
    "completed_on": "2025-06-30",
    "completers": [
        {"worker_id": 345, "share_pct": "60"},
        {"resident_id": "370102198506150013", "share_pct": "40"},
    ],
    "patents": [
        {
            "application_number": "202410123456.0",
            "status": "granted",
            "grant_date": "2025-04-18",
        }
    ],
    "benefit": [{"year": 2025, "claimed_yuan": "1250000.00", "note": "节约耐材与停炉损失"}],
}


def _completers(user, items: list[CompleterIn]) -> list:
    completers = []
    for i, c in enumerate(items):
        with api_fields(prefix=f"completers.{i}."):
            worker = worker_resolve(user, c, "resident_id")
        completers.append(services.CompleterIn(worker=worker, order=c.order, share_pct=c.share_pct))
    return completers


def _patent_add(user, achievement: Achievement, patent: PatentIn, prefix: str = "") -> None:
    data = patent.dict()
    data["patent_type"] = data["patent_type"] or ""
    with api_fields(prefix=prefix):
        services.patent_add(actor=user, achievement=achievement, **data)


def _benefit_claim(user, achievement: Achievement, claim: BenefitIn, prefix: str = "") -> None:
    with api_fields(prefix=prefix):
        services.benefit_claim(actor=user, achievement=achievement, **claim.dict())


@router.post(
    "",
    response={201: AchievementDetailOut, **WRITE_ERRORS},
    summary="Submit an achievement with its completers, patents and benefit claims",
    **write(
        ACHIEVEMENT_EXAMPLE,
        description="Registers an innovation achievement of an enterprise in your scope, as "
        "the achievement form does: completers in order (workers in your scope, by id or by "
        "ID number), then each patent and each year's benefit claim. All or nothing: if one "
        "part is refused, nothing is saved and the error names the field, e.g. "
        "`patents.0.application_number`.",
    ),
)
def achievements_submit(request, payload: AchievementIn):
    user = request.user
    with transaction.atomic():
        enterprise = org_get(user, payload.enterprise_id)
        studio = None
        if payload.studio_id is not None:
            studio = studio_get(user, payload.studio_id)
        completers = _completers(user, payload.completers)
        fields = payload.dict(
            include={"title", "kind", "description", "started_on", "completed_on"}
            | {"classified", "ip_dispute", "draft"}
        )
        with api_fields(rename={"enterprise": "enterprise_id", "studio": "studio_id"}):
            achievement = services.achievement_submit(
                actor=user, enterprise=enterprise, studio=studio, completers=completers, **fields
            )
        for i, patent in enumerate(payload.patents):
            _patent_add(user, achievement, patent, f"patents.{i}.")
        for i, claim in enumerate(payload.benefit):
            _benefit_claim(user, achievement, claim, f"benefit.{i}.")
    return Status(201, _detail(user, selectors.achievement_get(user, achievement.pk)))


@router.post(
    "/{achievement_id}/patents",
    response={201: AchievementDetailOut, **WRITE_ERRORS},
    summary="Add a patent to an achievement",
    **write(
        {"application_number": "202320987654.2", "title": "一种转炉喷补枪"},
        description="Records a patent of the achievement, as its page does: the application "
        "number is checked (check digit) and stored normalised.",
    ),
)
def achievements_patent_add(request, payload: PatentIn, achievement_id: int = IdPath()):
    achievement = selectors.achievement_get(request.user, achievement_id)
    _patent_add(request.user, achievement, payload)
    return Status(201, _detail(request.user, achievement))


@router.post(
    "/{achievement_id}/benefit",
    response={201: AchievementDetailOut, **WRITE_ERRORS},
    summary="Claim (or correct) an achievement's benefit for one year",
    **write(
        {"year": 2025, "claimed_yuan": "860000.00", "note": "年节约电费"},
        description="Claims the economic benefit of one year, as the achievement page does; "
        "a year a federation has certified can no longer be changed.",
    ),
)
def achievements_benefit_claim(request, payload: BenefitIn, achievement_id: int = IdPath()):
    achievement = selectors.achievement_get(request.user, achievement_id)
    _benefit_claim(request.user, achievement, payload)
    return Status(201, _detail(request.user, achievement))


class CompletersIn(ApiIn):
    completers: list[CompleterIn] = Field(max_length=100)


@router.put(
    "/{achievement_id}/completers",
    response={200: AchievementDetailOut, **WRITE_ERRORS},
    summary="Replace an achievement's completers",
    **write(
        {"completers": [{"worker_id": 345, "order": 1}, {"worker_id": 346, "order": 2}]},
        description="Sets the completers in order (reorder, add, remove), as the "
        "completers page does; an accepted achievement is changed by its reviewer only.",
    ),
)
def achievements_completers_set(request, payload: CompletersIn, achievement_id: int = IdPath()):
    user = request.user
    achievement = selectors.achievement_get(user, achievement_id)
    completers = _completers(user, payload.completers)
    services.completer_set(actor=user, achievement=achievement, completers=completers)
    return _detail(user, selectors.achievement_get(user, achievement.pk))


class TransitionIn(ApiIn):
    status: AchievementStatus = Field(
        description="draft → submitted (submit), submitted → draft (withdraw); a federation "
        "reviewer: submitted → accepted, accepted → submitted (reopen)"
    )


@router.post(
    "/{achievement_id}/status",
    response={200: AchievementDetailOut, **WRITE_ERRORS},
    summary="Submit, withdraw, accept or reopen an achievement",
    **write(
        {"status": "submitted"},
        description="Moves the achievement to another status, as the buttons on its page "
        "do: an enterprise submits its draft or withdraws a submission, a federation "
        "reviewer accepts or reopens it.",
    ),
)
def achievements_transition(request, payload: TransitionIn, achievement_id: int = IdPath()):
    user = request.user
    achievement = selectors.achievement_get(user, achievement_id)
    services.achievement_transition(
        actor=user, achievement=achievement, status=payload.status.value
    )
    return _detail(user, selectors.achievement_get(user, achievement.pk))


class AchievementUpdateIn(ApiIn):
    """Only the fields sent are changed (`studio_id: null` takes the studio off)."""

    title: str | None = Field(None, max_length=max_len(Achievement, "title"))
    kind: AchievementKind | None = None
    description: str | None = Field(None, max_length=20000)
    studio_id: Id | None = None
    started_on: date | None = None
    completed_on: date | None = None
    classified: bool | None = None
    ip_dispute: bool | None = None


@router.patch(
    "/{achievement_id}",
    response={200: AchievementDetailOut, **WRITE_ERRORS},
    summary="Update an achievement",
    **write(
        {
            "description": "以喷补替代停炉砌补，单次修补时间由8小时缩短到2小时。",
            "completed_on": "2025-06-30",
        },
        description="Changes the fields sent, as the achievement's edit page does, with the "
        "same checks (dates in order, a title unique in the enterprise …); an accepted "
        "achievement is changed by its reviewer only.",
    ),
)
def achievements_update(request, payload: AchievementUpdateIn, achievement_id: int = IdPath()):
    user = request.user
    achievement = selectors.achievement_get(user, achievement_id)
    fields = payload.dict(exclude_unset=True)
    if "studio_id" in fields:
        studio_id = fields.pop("studio_id")
        fields["studio"] = studio_get(user, studio_id) if studio_id is not None else None
    for text in ("title", "description"):
        if text in fields and fields[text] is None:
            fields[text] = ""
    with api_fields(rename={"studio": "studio_id"}):
        services.achievement_update(actor=user, achievement=achievement, **fields)
    return _detail(user, selectors.achievement_get(user, achievement.pk))
