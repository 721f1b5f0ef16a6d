"""Lists of competitions and registrations (see jiangxin/testing/lists.py)."""

from jiangxin.accounts.models import User
from jiangxin.competitions.models import Competition, Registration, Track
from jiangxin.testing.lists import Grow, serial
from jiangxin.testing.people import make_worker


def _competitions(w, n):
    for _ in range(n):
        k = serial()
        c = Competition.objects.create(
            org=w.ent_a, title=f"竞赛{k}", level="enterprise", year=2026,
            registration_deadline="2099-12-31", status="open",
        )  # fmt: skip
        Track.objects.create(competition=c, code=f"L{k}", name=f"赛项{k}")


def _track(w) -> Track:
    track = Track.objects.filter(code="LISTS-TRACK").first()
    if track is None:
        c = Competition.objects.create(
            org=w.province, title="列表竞赛", level="provincial_1", year=2026,
            registration_deadline="2099-12-31", status="open",
        )  # fmt: skip
        track = Track.objects.create(competition=c, code="LISTS-TRACK", name="列表赛项")
    return track


def _registrations(w, n):
    track = _track(w)
    for _ in range(n):
        k = serial()
        Registration.objects.create(
            track=track, worker=make_worker(w.ent_a, k), employer=w.ent_a, source="import"
        )


def _worker_a(w) -> User:
    from jiangxin.people.models import Worker

    if not Worker.objects.filter(user=w.worker_a).exists():
        make_worker(w.ent_a, serial(), user=w.worker_a)
    return w.worker_a


def _open_tracks(w, n):
    _worker_a(w)
    _competitions(w, n)


LISTS = {
    "competitions:list": Grow(_competitions),
    "competitions:registrations": Grow(_registrations),
    "competitions:registration_export": Grow(_registrations),
    "competitions:mine": Grow(_open_tracks, user=_worker_a),
    "api:competitions_list": Grow(_competitions, api=True),
    "api:competitions_registrations_list": Grow(_registrations, api=True),
}
