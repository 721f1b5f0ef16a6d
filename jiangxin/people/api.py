"""Workers (ID numbers always masked), honours and honour types. Registering and
updating workers and recording honours go through jiangxin.people.services, like the
pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from jiangxin.accounts.api import write
from jiangxin.core.access import require_perm
from jiangxin.core.api import WRITE_ERRORS, ApiIn, Id, IdPath, api_fields, max_len
from jiangxin.orgs.selectors import org_get

from . import selectors, services
from .enums import Education, Gender, SkillLevel
from .models import Honour, Worker
from .perms import PeoplePerm

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


class LookupIn(ApiIn):
    resident_id: str = Field(max_length=40)


@router.post(
    "/workers/lookup",
    response=WorkerOut,
    summary="One worker by ID number (blind index)",
    description="Finds a worker in your scope by the full ID number, sent in the body so "
    "that it never goes into a URL or a log; 404 if none. A read: any token will do.",
    openapi_extra={
        "x-scope": "read",
        "requestBody": {
            "content": {"application/json": {"example": {"resident_id": "370102198506150013"}}}
        },
    },
)
def workers_lookup(request, body: LookupIn):
    require_perm(request.user, PeoplePerm.VIEW)
    worker = selectors.worker_by_resident_id(request.user, body.resident_id)
    if worker is None:
        raise Http404
    return worker


@router.get("/workers/{worker_id}", response=WorkerOut, summary="One worker (ID number masked)")
def workers_detail(request, worker_id: int = IdPath()):
    return selectors.worker_get(request.user, worker_id)


@router.get("/workers/{worker_id}/honours", response=list[HonourOut], summary="A worker's honours")
def workers_honours(request, worker_id: int = IdPath()):
    worker = selectors.worker_get(request.user, worker_id)
    return selectors.honour_list(request.user, worker)


@router.get("/honour-types", response=list[HonourTypeOut], summary="Honour types")
def honour_types(request):
    return selectors.honour_type_list()


# --- writes -----------------------------------------------------------------------------


class WorkerFields(ApiIn):
    mobile: str = Field("", max_length=max_len(Worker, "mobile"))
    occupation: str = Field("", max_length=max_len(Worker, "occupation"))
    skill_level: SkillLevel | None = Field(
        None, description="1 (apprentice) … 8 (chief technician)"
    )
    first_line: bool = True
    migrant: bool = False
    education: Education | None = None
    union_member_since: date | None = None
    showcase_consent: bool = False
    bio: str = Field("", max_length=4000)


class WorkerIn(WorkerFields):
    employer_id: Id = Field(description="The enterprise or branch employing the worker")
    resident_id: str = Field(
        max_length=18, description="The 18-character ID number; it is stored encrypted"
    )
    name: str = Field(max_length=max_len(Worker, "name"))
    gender: Gender | None = Field(None, description="Derived from the ID number if left out")


class WorkerUpdateIn(ApiIn):
    """Only the fields sent are changed. The ID number cannot be changed."""

    employer_id: Id | None = None
    name: str | None = Field(None, max_length=max_len(Worker, "name"))
    mobile: str | None = Field(None, max_length=max_len(Worker, "mobile"))
    occupation: str | None = Field(None, max_length=max_len(Worker, "occupation"))
    skill_level: SkillLevel | None = None
    first_line: bool | None = None
    migrant: bool | None = None
    education: Education | None = None
    union_member_since: date | None = None
    showcase_consent: bool | None = None
    bio: str | None = Field(None, max_length=4000)


def _worker_fields(data: dict) -> dict:
    if "education" in data:
        data["education"] = data["education"] or ""
    for text in ("mobile", "occupation", "bio", "name"):
        if text in data and data[text] is None:
            data[text] = ""
    return data


WORKER_EXAMPLE = {
    "employer_id": 12,
    "resident_id": "370102198506150013",
    "name": "栾军",
    "mobile": "13800000001",
    "occupation": "炼钢工",
    "skill_level": 6,
    "first_line": True,
    "education": "vocational",
}


@router.post(
    "/workers",
    response={201: WorkerOut, **WRITE_ERRORS},
    summary="Register a worker",
    **write(
        WORKER_EXAMPLE,
        description="Registers a worker at an enterprise (or branch) in your scope, as the "
        "registry page does: the ID number is validated and must not be registered yet (the "
        "gender and birth date come from it). The response shows the masked ID number only.",
    ),
)
def workers_register(request, payload: WorkerIn):
    employer = org_get(request.user, payload.employer_id)
    data = _worker_fields(payload.dict(exclude={"employer_id"}))
    with api_fields(rename={"employer": "employer_id"}):
        worker = services.worker_register(actor=request.user, employer=employer, **data)
    return Status(201, worker)


@router.patch(
    "/workers/{worker_id}",
    response={200: WorkerOut, **WRITE_ERRORS},
    summary="Update a worker",
    **write(
        {"occupation": "炼钢高级技师", "mobile": "13800000002"},
        description="Changes the fields sent (a move to another employer in your scope "
        "included), as the worker's edit page does.",
    ),
)
def workers_update(request, payload: WorkerUpdateIn, worker_id: int = IdPath()):
    worker = selectors.worker_get(request.user, worker_id)
    data = _worker_fields(payload.dict(exclude_unset=True))
    employer_id = data.pop("employer_id", None)
    employer = org_get(request.user, employer_id) if employer_id else None
    with api_fields(rename={"employer": "employer_id"}):
        return services.worker_update(actor=request.user, worker=worker, employer=employer, **data)


class HonourIn(ApiIn):
    honour_type: str = Field(
        max_length=40, description="The honour type's code (GET /honour-types)"
    )
    year: int = Field(ge=1900, le=9999)
    awarding_body: str = Field("", max_length=max_len(Honour, "awarding_body"))
    document_number: str = Field("", max_length=max_len(Honour, "document_number"))
    valid_from: date | None = None
    valid_to: date | None = None


@router.post(
    "/workers/{worker_id}/honours",
    response={201: HonourOut, **WRITE_ERRORS},
    summary="Record an honour of a worker",
    **write(
        {
            "honour_type": "qilu-craftsman",
            "year": 2024,
            "awarding_body": "山东省总工会",
            "document_number": "鲁工发〔2024〕12号",
        },
        description="Records an honour (a title such as 齐鲁工匠) the worker received, as the "
        "worker page does; each honour type at most once a year.",
    ),
)
def workers_honour_record(request, payload: HonourIn, worker_id: int = IdPath()):
    worker = selectors.worker_get(request.user, worker_id)
    honour_type = next(
        (t for t in selectors.honour_type_list() if t.code == payload.honour_type), None
    )
    if honour_type is None:
        raise ValidationError({"honour_type": _("No honour type has this code.")})
    honour = services.honour_award(
        actor=request.user,
        worker=worker,
        honour_type=honour_type,
        **payload.dict(exclude={"honour_type"}),
    )
    return Status(201, honour)
