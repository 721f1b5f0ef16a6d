"""Workers (ID numbers always masked), honours and honour types."""

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from jiangxin.core.access import require_perm
from jiangxin.core.roles import Perm

from . import selectors

router = Router(tags=["people"])


class WorkerOut(Schema):
    id: int
    name: str
    gender: str
    resident_id_masked: str
    birth_date: date
    employer_id: int
    employer_name: str
    occupation: str
    skill_level: int | None
    first_line: bool
    migrant: bool

    @staticmethod
    def resolve_resident_id_masked(obj) -> str:
        return obj.id_masked

    @staticmethod
    def resolve_employer_name(obj) -> str:
        return obj.employer.name


class WorkerPage(Schema):
    items: list[WorkerOut]
    next_cursor: str | None


class HonourOut(Schema):
    id: int
    honour: str
    honour_code: str
    level: str
    year: int
    awarding_body: str
    document_number: str
    valid_from: date | None
    valid_to: date | None
    status: str = Field(
        description="declared (awaiting verification), verified (counts) or rejected",
        examples=["verified"],
    )
    reject_reason: str = ""

    @staticmethod
    def resolve_honour(obj) -> str:
        return obj.honour_type.name

    @staticmethod
    def resolve_honour_code(obj) -> str:
        return obj.honour_type.code

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.honour_type.level


class HonourTypeOut(Schema):
    code: str
    name: str
    name_en: str
    level: str
    category: str


@router.get("/workers", response=WorkerPage, summary="Workers in your scope (ID numbers masked)")
def workers_list(request, q: str = "", cursor: str | None = None, size: int = 50):
    """`q` matches the start of a name. To find a worker by ID number, POST to
    /workers/lookup: ID numbers never go into a URL."""
    if selectors.looks_like_resident_id(q):
        raise HttpError(400, "Look workers up by ID number with POST /workers/lookup.")
    page = selectors.worker_list(request.user, q=q, cursor=cursor, size=size)
    return {"items": page.items, "next_cursor": page.next_cursor}


class LookupIn(Schema):
    resident_id: str


@router.post("/workers/lookup", response=WorkerOut, summary="One worker by ID number (blind index)")
def workers_lookup(request, body: LookupIn):
    require_perm(request.user, Perm.PEOPLE_VIEW)
    worker = selectors.worker_by_resident_id(request.user, body.resident_id)
    if worker is None:
        raise Http404
    return worker


@router.get("/workers/{worker_id}", response=WorkerOut, summary="One worker (ID number masked)")
def workers_detail(request, worker_id: int):
    return selectors.worker_get(request.user, worker_id)


@router.get("/workers/{worker_id}/honours", response=list[HonourOut], summary="A worker's honours")
def workers_honours(request, worker_id: int):
    worker = selectors.worker_get(request.user, worker_id)
    return selectors.honour_list(request.user, worker)


@router.get("/honour-types", response=list[HonourTypeOut], summary="Honour types")
def honour_types(request):
    return selectors.honour_type_list()
