"""Competitions in the REST API (/api/v1/competitions/), scoped like the pages: a foreign
competition or registration answers 404. Registration writes go through the same
services (and so the same rules) as the pages and the Excel import."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from jiangxin.accounts.api import write
from jiangxin.core.api import WRITE_ERRORS, ApiIn, Id, IdPath, api_fields, max_len
from jiangxin.people.api_refs import WorkerRef, worker_resolve

from . import selectors, services
from .enums import RegistrationSource
from .models import Registration

router = Router(tags=["competitions"])


class TrackOut(Schema):
    id: int
    code: str
    name: str
    occupation: str
    min_level: int | None
    max_level: int | None
    min_age: int | None
    max_age: int | None
    mode: str
    team_size: int
    theory_weight: int
    practical_weight: int


class CompetitionOut(Schema):
    id: int
    title: str
    org_id: int
    org: str
    level: str
    year: int
    status: str
    registration_deadline: date

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.name


class CompetitionDetailOut(CompetitionOut):
    tracks: list[TrackOut]

    @staticmethod
    def resolve_tracks(obj) -> list:
        return obj.track_rows


class CompetitionPage(Schema):
    items: list[CompetitionOut]
    next_cursor: str | None


class RegistrationOut(Schema):
    id: int
    competition_id: int
    track_id: int
    track: str
    worker_id: int
    worker: str
    employer_id: int
    employer: str
    team_name: str
    is_leader: bool
    status: str
    reason: str
    source: str
    substitute_for_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_competition_id(obj) -> int:
        return obj.track.competition_id

    @staticmethod
    def resolve_track(obj) -> str:
        return obj.track.name

    @staticmethod
    def resolve_worker(obj) -> str:
        return obj.worker.name

    @staticmethod
    def resolve_employer(obj) -> str:
        return obj.employer.name


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next_cursor: str | None


@router.get(
    "/registrations/", response=RegistrationPage, summary="Registrations in your scope (keyset)"
)
def competitions_registrations_list(
    request,
    competition: int | None = Query(None, ge=1, le=2**53),
    track: int | None = Query(None, ge=1, le=2**53),
    status: str = "",
    q: str = "",
    cursor: str | None = None,
    size: int = 50,
):
    page = selectors.registration_list(
        request.user,
        competition=competition,
        track=track,
        status=status,
        q=q,
        cursor=cursor,
        size=size,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/registrations/{registration_id}", response=RegistrationOut, summary="One registration"
)
def competitions_registration_detail(request, registration_id: int = IdPath()):
    return selectors.registration_get(request.user, registration_id)


class RegistrationIn(ApiIn):
    track_id: Id = Field(description="The track (赛项)")
    worker: WorkerRef = Field(description="The entrant, by worker_id or resident_id")
    team_name: str = Field("", max_length=max_len(Registration, "team_name"))
    is_leader: bool = False


@router.post(
    "/registrations/",
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register a worker for a track",
    **write(
        {"track_id": 3, "worker": {"worker_id": 345}, "team_name": "", "is_leader": False},
        description="Registers a worker of an enterprise in your scope for an open track, "
        "with the rules of the registration page and the Excel import: once per track, age, "
        "occupation and skill level from the registry within the track's range, employer "
        "inside the organiser's area, team composition.",
    ),
)
def competitions_registration_create(request, payload: RegistrationIn):
    user = request.user
    track = selectors.track_visible_get(user, payload.track_id)
    worker = worker_resolve(user, payload.worker, "worker.resident_id")
    with api_fields(rename={"track": "track_id"}):
        reg = services.registration_submit(
            actor=user,
            track=track,
            worker=worker,
            team_name=payload.team_name,
            is_leader=payload.is_leader,
            source=RegistrationSource.API,
        )
    return Status(201, selectors.registration_get(user, reg.pk))


class ReasonIn(ApiIn):
    reason: str = Field("", max_length=2000)


class DecisionIn(ApiIn):
    decision: Literal["approve", "reject"] = Field(description="approve or reject")
    reason: str = Field("", max_length=2000, description="Required to reject")


@router.post(
    "/registrations/{registration_id}/decide",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Approve a registration at your level (within its quota) or reject it",
    **write(
        {"decision": "approve", "reason": ""},
        description="Approves the registration at your level of the ladder (enterprise union, "
        "organiser, committee) within that level's quota, or rejects it with the reason.",
    ),
)
def competitions_registration_decide(request, payload: DecisionIn, registration_id: int = IdPath()):
    reg = selectors.registration_get(request.user, registration_id)
    if payload.decision == "approve":
        services.registration_approve(actor=request.user, registration=reg)
    else:
        services.registration_reject(actor=request.user, registration=reg, reason=payload.reason)
    return selectors.registration_get(request.user, registration_id)


@router.post(
    "/registrations/{registration_id}/withdraw",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Withdraw a registration before the deadline",
    **write({"reason": "因工作安排退赛"}, description="Withdraws the registration."),
)
def competitions_registration_withdraw(request, payload: ReasonIn, registration_id: int = IdPath()):
    reg = selectors.registration_get(request.user, registration_id)
    services.registration_withdraw(actor=request.user, registration=reg, reason=payload.reason)
    return selectors.registration_get(request.user, registration_id)


@router.get("/", response=CompetitionPage, summary="Competitions you may see (keyset pages)")
def competitions_list(
    request,
    status: str = "",
    level: str = "",
    year: int | None = Query(None, ge=1900, le=3000),
    q: str = "",
    cursor: str | None = None,
    size: int = 50,
):
    page = selectors.competition_list(
        request.user, status=status, level=level, year=year, q=q, cursor=cursor, size=size
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{competition_id}", response=CompetitionDetailOut, summary="One competition")
def competitions_detail(request, competition_id: int = IdPath()):
    d = selectors.competition_detail(request.user, competition_id)
    d.competition.track_rows = d.tracks
    return d.competition
