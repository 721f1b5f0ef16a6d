"""Lists of people (see jiangxin/testing/lists.py)."""

from jiangxin.testing.lists import Grow, serial
from jiangxin.testing.people import make_worker


def _workers(w, n):
    for _ in range(n):
        make_worker(w.ent_a, serial())


def _honour_types(w, n):
    from jiangxin.people.models import HonourType

    for _ in range(n):
        k = serial()
        HonourType.objects.create(code=f"t{k}", name=f"荣誉{k}", level="enterprise")


def _declared(w, n):
    from jiangxin.people.models import HonourType
    from jiangxin.people.services import honour_award

    kind = HonourType.objects.get(code="city-model-worker")
    for _ in range(n):
        honour_award(
            actor=w.admin_a, worker=make_worker(w.ent_a, serial()), honour_type=kind, year=2022
        )


LISTS = {
    "people:honour_queue": Grow(_declared, user="city_staff"),
    "people:worker_list": Grow(_workers),
    "people:worker_export": Grow(_workers),
    "api:workers_list": Grow(_workers, api=True),
    "api:honour_types": Grow(_honour_types, api=True),
}
