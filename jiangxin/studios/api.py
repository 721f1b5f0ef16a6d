"""Studios in the REST API (/api/v1/studios/), scoped like the pages: a foreign studio or
org answers 404. Applying for a studio goes through jiangxin.studios.services, like the
application form."""

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from jiangxin.accounts.api import write
from jiangxin.core.api import WRITE_ERRORS, ApiIn, Id, IdPath, api_fields, max_len
from jiangxin.orgs.selectors import org_get
from jiangxin.people.api_refs import WorkerRef, worker_resolve

from . import selectors, services
from .enums import StudioLevel
from .models import Studio

router = Router(tags=["studios"])


class StudioOut(Schema):
    id: int
    name: str
    leader: str
    host_id: int
    host: str
    field: str
    level: str
    status: str
    stage_level: str
    stage_org_id: int | None
    established_on: date
    announce_until: date | None
    document_number: str
    unveiled_on: date | None
    named_level: str

    @staticmethod
    def resolve_leader(obj) -> str:
        return obj.leader.name

    @staticmethod
    def resolve_host(obj) -> str:
        return obj.host.name


class StudioPage(Schema):
    items: list[StudioOut]
    next_cursor: str | None


class RateRowOut(Schema):
    org_id: int | None
    org: str | None
    numerator: int
    denominator: int
    rate: float | None
    target: float | None


class CreationRateOut(Schema):
    org_id: int
    org: str
    numerator: int
    denominator: int
    rate: float | None
    target: float | None
    target_by: date | None
    children: list[RateRowOut]


@router.get("/", response=StudioPage, summary="Studios in your scope (keyset pages)")
def studios_list(
    request,
    status: str = "",
    level: str = "",
    q: str = "",
    cursor: str | None = None,
    size: int = 50,
):
    page = selectors.studio_list(
        request.user, status=status, level=level, q=q, cursor=cursor, size=size
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{studio_id}", response=StudioOut, summary="One studio")
def studios_detail(request, studio_id: int = IdPath()):
    return selectors.studio_get(request.user, studio_id)


@router.get(
    "/creation-rate/{org_id}",
    response=CreationRateOut,
    summary="Creation rate of an org, with one row per child org",
)
def studios_creation_rate(request, org_id: int = IdPath()):
    rate = selectors.creation_rate(request.user, org_get(request.user, org_id))
    return {
        "org_id": rate.org.pk,
        "org": rate.org.name,
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "rate": rate.rate,
        "target": rate.target_rate,
        "target_by": rate.target.by_date if rate.target else None,
        "children": [
            {
                "org_id": r.org.pk if r.org else None,
                "org": r.org.name if r.org else None,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "rate": r.rate,
                "target": r.target_rate,
            }
            for r in rate.children
        ],
    }


class StudioApplyIn(ApiIn):
    host_id: Id = Field(description="The host enterprise")
    leader: WorkerRef = Field(description="The leader, by worker_id or resident_id")
    name: str = Field(max_length=max_len(Studio, "name"))
    field: str = Field(max_length=max_len(Studio, "field"), description="The technical field")
    level: StudioLevel = Field(description="The level applied for")
    established_on: date
    description: str = Field("", max_length=20000)
    space_m2: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=1)
    funding_yuan: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


@router.post(
    "/",
    response={201: StudioOut, **WRITE_ERRORS},
    summary="Apply for a studio",
    **write(
        {
            "host_id": 12,
            "leader": {"worker_id": 345},
            "name": "栾军创新工作室",
            "field": "炼钢工艺",
            "level": "provincial",
            "established_on": "2019-05-01",
            "space_m2": "120.0",
            "funding_yuan": "300000.00",
        },
        description="Applies for an innovation studio hosted by an enterprise in your scope, "
        "as the application form does: it enters review at the host's union with its leader "
        "as first member, and the naming rules are checked.",
    ),
)
def studios_apply(request, payload: StudioApplyIn):
    user = request.user
    host = org_get(user, payload.host_id)
    leader = worker_resolve(user, payload.leader, "leader.resident_id")
    with api_fields(rename={"host": "host_id"}):
        studio = services.studio_apply(
            actor=user,
            host=host,
            leader=leader,
            **payload.dict(exclude={"host_id", "leader"}),
        )
    return Status(201, selectors.studio_get(user, studio.pk))
