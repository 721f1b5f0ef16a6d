"""Lists of orgs (see jiangxin/testing/lists.py)."""

from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.testing.lists import Grow, serial


def _branches(w, n):
    for _ in range(n):
        branch = Org(name=f"分会{serial()}", kind=OrgKind.BRANCH, region_code="370102")
        Org.objects.add_child(Org.objects.get(pk=w.ent_a.pk), instance=branch)


LISTS = {
    "orgs:list": Grow(_branches, params={"parent": ""}),
    "orgs:export": Grow(_branches),
    "api:orgs_list": Grow(_branches, api=True),
}
