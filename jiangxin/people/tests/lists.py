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


LISTS = {
    "people:worker_list": Grow(_workers),
    "people:worker_export": Grow(_workers),
    "api:workers_list": Grow(_workers, api=True),
    "api:honour_types": Grow(_honour_types, api=True),
}
