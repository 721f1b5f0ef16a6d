"""Studios in the REST API (/api/v1/studios/), scoped like the pages: a foreign studio or
org answers 404."""

from datetime import date

from ninja import Router, Schema

from jiangxin.orgs.selectors import org_get

from . import selectors

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
def studios_detail(request, studio_id: int):
    return selectors.studio_get(request.user, studio_id)


@router.get(
    "/creation-rate/{org_id}",
    response=CreationRateOut,
    summary="Creation rate of an org, with one row per child org",
)
def studios_creation_rate(request, org_id: int):
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
