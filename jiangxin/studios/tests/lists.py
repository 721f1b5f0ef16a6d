"""Lists of studios (see jiangxin/testing/lists.py)."""

from datetime import date

from jiangxin.studios.models import Studio
from jiangxin.testing.lists import Grow, serial
from jiangxin.testing.people import make_worker

from .helpers import honour


def _studios(w, n, **fields):
    for _ in range(n):
        k = serial()
        leader = make_worker(w.ent_a, k, first_line=True)
        Studio.objects.create(
            name=f"职工{k}创新工作室",
            leader=leader,
            host=w.ent_a,
            field="炼钢",
            established_on=date(2018, 1, 1),
            level="provincial",
            **fields,
        )


def _public(w, n):
    _studios(w, n, status="named", named_level="provincial")


def _craftsmen(w, n):
    for _ in range(n):
        honour(make_worker(w.ent_a, serial(), first_line=True), "qilu-craftsman", 2021)


LISTS = {
    "studios:list": Grow(_studios),
    "studios:export": Grow(_studios),
    "api:studios_list": Grow(_studios, api=True),
    "studios:rate": Grow(_craftsmen),
    "showcase:studios": Grow(_public, user=None),
}
