"""Lists of achievements (see jiangxin/testing/lists.py)."""

from jiangxin.testing.lists import Grow, serial
from jiangxin.testing.people import make_worker

from .helpers import submit


def _achievements(w, n):
    for _ in range(n):
        k = serial()
        submit(w.admin_a, w.ent_a, [make_worker(w.ent_a, k)], title=f"炼钢工艺改进{k}")


def _claims(w, n):
    from jiangxin.achievements import services

    for _ in range(n):
        k = serial()
        a = submit(w.admin_a, w.ent_a, [make_worker(w.ent_a, k)], title=f"转炉节能改进{k}")
        services.benefit_claim(actor=w.admin_a, achievement=a, year=2024, claimed_yuan=1000)


LISTS = {
    # claimed benefit waiting for a federation's certification
    "achievements:benefit_bulk": Grow(_claims, user="city_staff"),
    "achievements:list": Grow(_achievements),
    "achievements:export": Grow(_achievements),
    "api:achievements_list": Grow(_achievements, api=True),
}
