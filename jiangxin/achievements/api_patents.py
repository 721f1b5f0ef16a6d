"""Patents through the API: record one at any office (validated like the form), and
step it through its lifecycle (grant, reject, lapse). Refusals answer 422 with the
messages by field; a foreign achievement or patent answers 404."""

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from . import selectors, services
from .enums import PatentOffice, PatentStatus

router = Router(tags=["achievements"])


class PatentFullOut(Schema):
    id: int
    office: str
    application_number: str
    patent_type: str
    title: str
    filed_on: date | None
    status: str
    grant_date: date | None
    grant_number: str
    ended_on: date | None
    end_reason: str


class PatentIn(Schema):
    office: str = PatentOffice.CN
    application_number: str
    patent_type: str = ""
    title: str = ""
    filed_on: date | None = None
    status: str = PatentStatus.APPLIED
    grant_date: date | None = None
    grant_number: str = ""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"office": "cn", "application_number": "202310123456.6", "filed_on": "2023-04-03"},
                {"office": "pct", "application_number": "PCT/CN2024/123456"},
                {"office": "us", "application_number": "17/123,456"},
                {"office": "ep", "application_number": "EP21812345.3"},
            ]
        }
    }


class GrantIn(Schema):
    grant_date: date
    grant_number: str = ""


class EndIn(Schema):
    date: date
    reason: str = ""


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


def _errors(exc: ValidationError) -> Status:
    if hasattr(exc, "error_dict"):
        return Status(422, {"errors": exc.message_dict})
    return Status(422, {"errors": {"__all__": exc.messages}})


@router.post(
    "/{achievement_id}/patents",
    response={201: PatentFullOut, 422: ErrorsOut},
    summary="Record a patent of an achievement (CN, PCT, US, EP, JP or another office)",
)
def achievements_patent_add(request, achievement_id: int, payload: PatentIn):
    achievement = selectors.achievement_get(request.user, achievement_id)
    try:
        patent = services.patent_add(actor=request.user, achievement=achievement, **payload.dict())
    except ValidationError as exc:
        return _errors(exc)
    return Status(201, patent)


@router.post(
    "/patents/{patent_id}/grant",
    response={200: PatentFullOut, 422: ErrorsOut},
    summary="A patent application was granted",
)
def achievements_patent_grant(request, patent_id: int, payload: GrantIn):
    patent = selectors.patent_get(request.user, patent_id)
    try:
        return Status(
            200, services.patent_grant(actor=request.user, patent=patent, **payload.dict())
        )
    except ValidationError as exc:
        return _errors(exc)


@router.post(
    "/patents/{patent_id}/reject",
    response={200: PatentFullOut, 422: ErrorsOut},
    summary="A patent application was rejected",
)
def achievements_patent_reject(request, patent_id: int, payload: EndIn):
    patent = selectors.patent_get(request.user, patent_id)
    try:
        return Status(
            200,
            services.patent_reject(
                actor=request.user, patent=patent, rejected_on=payload.date, reason=payload.reason
            ),
        )
    except ValidationError as exc:
        return _errors(exc)


@router.post(
    "/patents/{patent_id}/lapse",
    response={200: PatentFullOut, 422: ErrorsOut},
    summary="A patent (or an application) lapsed",
)
def achievements_patent_lapse(request, patent_id: int, payload: EndIn):
    patent = selectors.patent_get(request.user, patent_id)
    try:
        return Status(
            200,
            services.patent_lapse(
                actor=request.user, patent=patent, lapsed_on=payload.date, reason=payload.reason
            ),
        )
    except ValidationError as exc:
        return _errors(exc)
