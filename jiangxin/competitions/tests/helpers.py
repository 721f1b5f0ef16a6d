"""Building competitions and registrations in the shared `world` (tests only)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Track
from jiangxin.people.models import Worker
from jiangxin.testing.people import make_worker

_n = iter(range(5000, 10**6))


def competition(w, *, org=None, actor=None, status="open", deadline=None, **fields) -> Competition:
    """A competition of `org` (the province by default) with one individual track, open."""
    actor = actor or w.province_admin
    values = {
        "title": "测试省职工职业技能大赛",
        "level": "provincial_1",
        "year": 2026,
        "registration_deadline": deadline or timezone.localdate() + timedelta(days=30),
    }
    values.update(fields)
    c = services.competition_create(actor=actor, org=org or w.province, **values)
    services.track_save(actor=actor, competition=c, code=f"T{next(_n)}", name="工业机器人运维")
    if status != "draft":
        services.competition_step(actor=actor, competition=c, step="open_registration")
    c.refresh_from_db()
    return c


def track_of(c: Competition) -> Track:
    return Track.objects.filter(competition=c).order_by("id").first()


def team_track(w, c: Competition, *, size: int = 2, actor=None) -> Track:
    Competition.objects.filter(pk=c.pk).update(status="draft")
    t = services.track_save(
        actor=actor or w.province_admin,
        competition=c,
        code=f"TT{next(_n)}",
        name=f"班组长管理{next(_n)}",
        mode="team",
        team_size=size,
    )
    Competition.objects.filter(pk=c.pk).update(status="open")
    return t


def worker(employer, *, born: date | None = None, user=None, **fields) -> Worker:
    n = next(_n)
    w = make_worker(employer, n, **fields)
    if born is not None:
        Worker.objects.filter(pk=w.pk).update(birth_date=born)
        w.refresh_from_db()
    if user is not None:
        Worker.objects.filter(pk=w.pk).update(user=user)
        w.refresh_from_db()
    return w


def register(w, track, person, actor=None, **fields):
    return services.registration_submit(
        actor=actor or w.admin_a, track=track, worker=person, source="api", **fields
    )
