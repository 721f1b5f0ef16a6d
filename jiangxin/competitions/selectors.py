"""Scoped reads of competitions and registrations (pages, API, export, to-do list).

A competition is seen by the staff of its organiser's subtree and by those below or
above it who take part (`competition_visible_q`); registrations by whoever covers the
entrant's employer (the organiser covers every employer inside its subtree)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import owned_by, scoped, scoped_by, user_scope
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.people.models import Worker

from .access import (
    competition_actions,
    competition_visible_q,
    registration_actions,
    require_competition_view,
)
from .enums import ENDED, RegistrationStatus
from .models import Competition, Quota, Registration, Stage, Track
from .perms import CompetitionPerm


def competition_qs(user) -> QuerySet[Competition]:
    return scoped_by(Competition.objects.all(), competition_visible_q(user)).select_related("org")


def competition_list(
    user,
    *,
    status: str = "",
    level: str = "",
    year: int | None = None,
    q: str = "",
    cursor: str | None = None,
    size: int = 50,
) -> KeysetPage:
    require_competition_view(user)
    qs = competition_qs(user)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if year:
        qs = qs.filter(year=year)
    if q := q.strip():
        qs = qs.filter(title__icontains=q)
    qs = qs.annotate(n_tracks=Count("tracks", distinct=True))
    return keyset_page(qs, order=("-year", "-id"), cursor=cursor, size=size)


def competition_get(user, pk: int) -> Competition:
    require_competition_view(user)
    competition = competition_qs(user).filter(pk=pk).first()
    if competition is None:
        raise Http404
    return competition


@dataclass
class CompetitionDetail:
    competition: Competition
    tracks: list
    stages: list
    quotas: list
    counts: dict
    actions: frozenset


def competition_detail(user, pk: int) -> CompetitionDetail:
    competition = competition_get(user, pk)
    scope = user_scope(user)
    tracks = list(
        Track.objects.filter(competition=competition)
        .annotate(
            n_registered=Count(
                "registrations",
                filter=Q(registrations__in=registration_qs(user))
                & ~Q(registrations__status__in=ENDED),
            )
        )
        .order_by("id")
    )
    stages = list(Stage.objects.filter(competition=competition).order_by("order", "id"))
    quotas = list(
        scoped(
            Quota.objects.filter(stage__competition=competition).select_related("org", "stage"),
            user,
            "org",
        ).order_by("stage__order", "org__path")[:200]
    )
    counts = dict(
        registration_qs(user)
        .filter(track__competition=competition)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return CompetitionDetail(
        competition=competition,
        tracks=tracks,
        stages=stages,
        quotas=quotas,
        counts=counts,
        actions=competition_actions(scope, competition),
    )


def track_get(competition: Competition, pk: int) -> Track:
    """A track of a competition the caller already fetched through `competition_get`."""
    track = Track.objects.filter(competition=competition, pk=pk).first()
    if track is None:
        raise Http404
    return track


def stage_get(competition: Competition, pk: int) -> Stage:
    stage = Stage.objects.filter(competition=competition, pk=pk).first()
    if stage is None:
        raise Http404
    return stage


def quota_parent(user, competition: Competition):
    """Whose children the user shares a stage's places among: their own org when it lies
    inside the organiser's subtree, else the organiser (404 without the permission)."""
    from jiangxin.orgs.selectors import org_qs

    scope = user_scope(user)
    if not (scope.has(CompetitionPerm.MANAGE) and scope.paths):
        raise Http404
    if scope.paths[0].startswith(competition.org.path):
        org = org_qs(user).filter(pk=scope.org_id).first()
        if org is not None:
            return org
    if scope.covers(competition.org.path):
        return competition.org
    raise Http404


# --- registrations -------------------------------------------------------------------


def registration_qs(user) -> QuerySet[Registration]:
    """Staff see the registrations of the employers in their subtree; a worker only
    their own."""
    scope = user_scope(user)
    if not any(
        scope.has(p)
        for p in (CompetitionPerm.REGISTER, CompetitionPerm.REVIEW, CompetitionPerm.MANAGE)
    ):
        return owned_by(Registration.objects.all(), user, "worker__user")
    return scoped(Registration.objects.all(), user, "employer")


def _todo_q(user) -> Q:
    """Waiting for the user's level: what `approval_level` would offer, in SQL."""
    from jiangxin.core.roles import Role

    scope = user_scope(user)
    own = scope.paths[0] if scope.paths else ""
    q = Q(pk__in=[])
    if scope.has(CompetitionPerm.REGISTER) and scope.role == Role.ENTERPRISE_ADMIN:
        q |= Q(status=RegistrationStatus.SUBMITTED)
    if scope.has(CompetitionPerm.REVIEW) and scope.role != Role.ENTERPRISE_ADMIN:
        q |= Q(status=RegistrationStatus.ENTERPRISE_APPROVED) & Q(
            track__competition__org__path__in=_prefixes(own)
        )
    if scope.has(CompetitionPerm.MANAGE):
        q |= Q(status=RegistrationStatus.ORGANISER_APPROVED, track__competition__org__path=own)
    return q & Q(track__competition__status__in=("open", "closed"))


def _prefixes(path: str) -> list[str]:
    from jiangxin.orgs.paths import ancestor_paths

    return ancestor_paths(path, include_self=True) if path else []


def _registrations_filtered(
    user,
    *,
    competition: int | None = None,
    track: int | None = None,
    status: str = "",
    q: str = "",
    todo: bool = False,
) -> QuerySet[Registration]:
    qs = registration_qs(user)
    if competition:
        qs = qs.filter(track__competition_id=competition)
    if track:
        qs = qs.filter(track_id=track)
    if status:
        qs = qs.filter(status=status)
    if q := q.strip():
        qs = qs.filter(Q(worker__name__startswith=q) | Q(team_name__startswith=q))
    if todo:
        qs = qs.filter(_todo_q(user))
    return qs


def registration_list(user, *, cursor: str | None = None, size: int = 50, **filters) -> KeysetPage:
    require_competition_view(user)
    qs = _registrations_filtered(user, **filters).select_related(
        "worker", "employer", "track__competition"
    )
    return keyset_page(qs, order=("-id",), cursor=cursor, size=size)


def registration_todo_count(user) -> int:
    return registration_qs(user).filter(_todo_q(user)).count()


def registration_get(user, pk: int) -> Registration:
    require_competition_view(user)
    reg = (
        registration_qs(user)
        .select_related("worker", "employer", "track__competition__org", "substitute_for__worker")
        .filter(pk=pk)
        .first()
    )
    if reg is None:
        raise Http404
    return reg


def registration_detail(user, pk: int) -> tuple[Registration, set[str]]:
    reg = registration_get(user, pk)
    competition = reg.track.competition
    actions = registration_actions(user_scope(user), user, reg, competition, timezone.localdate())
    return reg, actions


def registration_export_count(user, **filters) -> int:
    """How many registrations the export will write (its progress bar)."""
    require_competition_view(user)
    return _registrations_filtered(user, **filters).count()


def registration_export_rows(user, **filters) -> Iterator[list]:
    """The registrations as rows for the Excel export (the header first)."""
    require_competition_view(user)
    yield [
        _("No."),
        _("Competition"),
        _("Track"),
        _("Name"),
        _("Resident ID number"),
        _("Employer"),
        _("Team"),
        _("Team leader"),
        _("Status"),
        _("Reason"),
        _("Registered"),
    ]
    qs = (
        _registrations_filtered(user, **filters)
        .select_related("worker", "employer", "track__competition")
        .order_by("id")
    )
    for r in qs.iterator(chunk_size=2000):
        yield [
            r.pk,
            r.track.competition.title,
            r.track.name,
            r.worker.name,
            r.worker.id_masked,
            r.employer.name,
            r.team_name,
            _("Yes") if r.is_leader else "",
            r.get_status_display(),
            r.reason,
            timezone.localtime(r.created_at).date(),
        ]


# --- the worker's own page -----------------------------------------------------------


def my_worker(user) -> Worker | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Worker.objects.unscoped("the user's own registry record")
        .select_related("employer")
        .filter(user=user)
        .first()
    )


@dataclass
class MyCompetitions:
    worker: Worker | None
    open_tracks: list
    registrations: list


def _open_tracks_of(worker: Worker, today: date) -> QuerySet[Track]:
    from jiangxin.orgs.paths import ancestor_paths

    return (
        Track.objects.unscoped("tracks of competitions above the worker's own employer")
        .filter(
            competition__status="open",
            competition__registration_deadline__gte=today,
            competition__org__path__in=ancestor_paths(worker.employer.path, include_self=True),
        )
        .select_related("competition__org")
    )


def my_open_track(user, pk: int) -> tuple[Track, Worker]:
    """An open track the user (a worker) may enter, and their registry record (else 404)."""
    require_competition_view(user)
    worker = my_worker(user)
    track = _open_tracks_of(worker, timezone.localdate()).filter(pk=pk).first() if worker else None
    if track is None:
        raise Http404
    return track, worker


def my_competitions(user, today: date | None = None) -> MyCompetitions:
    """The open tracks a worker may enter (competitions organised above their employer)
    and their own registrations."""
    require_competition_view(user)
    worker = my_worker(user)
    if worker is None:
        return MyCompetitions(None, [], [])
    today = today or timezone.localdate()
    tracks = list(_open_tracks_of(worker, today).order_by("competition_id", "id")[:200])
    mine = list(
        Registration.objects.unscoped("the worker's own registrations")
        .filter(worker=worker)
        .select_related("track__competition")
        .order_by("-id")[:200]
    )
    return MyCompetitions(worker, tracks, mine)


def track_visible_get(user, pk: int) -> Track:
    """A track of a competition the user may see (else 404)."""
    require_competition_view(user)
    track = (
        Track.objects.filter(competition__in=competition_qs(user), pk=pk)
        .select_related("competition__org")
        .first()
    )
    if track is None:
        raise Http404
    return track
