"""Lists of achievements (see jiangxin/testing/lists.py)."""

from jiangxin.testing.lists import Grow, serial
from jiangxin.testing.people import make_worker

from .helpers import submit


def _achievements(w, n):
    for _ in range(n):
        k = serial()
        submit(w.admin_a, w.ent_a, [make_worker(w.ent_a, k)], title=f"炼钢工艺改进{k}")


LISTS = {
    "achievements:list": Grow(_achievements),
    "achievements:export": Grow(_achievements),
    "api:achievements_list": Grow(_achievements, api=True),
}
