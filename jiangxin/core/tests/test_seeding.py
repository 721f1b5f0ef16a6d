import io

import pytest

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.accounts.seeding import seed_province
from jiangxin.core.models import SearchDocument
from jiangxin.core.roles import Role
from jiangxin.core.seeding import PROVINCE_ADMIN, ROOT_NAME
from jiangxin.core.validators import validate_uscc
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.orgs.selectors import org_list

pytestmark = pytest.mark.django_db


def _subtree():
    root = Org.objects.get(depth=1, name=ROOT_NAME)
    return root, Org.objects.filter(path__startswith=root.path)


def test_seed_province_builds_a_valid_tree_with_users_and_search():
    out = io.StringIO()
    created = seed_province(out, orgs=300)
    root, orgs = _subtree()
    assert created["orgs"] == orgs.count() == 300
    assert Org.objects.find_problems() == ([], [], [], [], [])
    # Every node's parent exists, and numchild is the real number of children.
    by_path = {o.path: o for o in orgs}
    children: dict[str, int] = {}
    for org in by_path.values():
        if org.depth > root.depth:
            parent = org.path[: -Org.steplen]
            assert parent in by_path, org.path
            assert org.depth == by_path[parent].depth + 1
            assert Org.parent_kind_allowed(org.kind, by_path[parent].kind)
            children[parent] = children.get(parent, 0) + 1
    assert all(o.numchild == children.get(p, 0) for p, o in by_path.items())
    kinds = {k: orgs.filter(kind=k).count() for k in OrgKind.values}
    assert kinds[OrgKind.MUNICIPAL] == 16 and kinds[OrgKind.COUNTY] == 128
    assert kinds[OrgKind.INDUSTRY] == 2 and kinds[OrgKind.BRANCH] >= 3
    enterprises = list(orgs.filter(kind=OrgKind.ENTERPRISE).values_list("uscc", flat=True))
    assert len(enterprises) == kinds[OrgKind.ENTERPRISE] > 100
    for uscc in enterprises:
        validate_uscc(uscc)
    assert len(set(enterprises)) == len(enterprises)
    # One enterprise admin per enterprise, staff per city/county, a province admin.
    assert RoleAssignment.objects.filter(role=Role.ENTERPRISE_ADMIN, org__in=orgs).count() == len(
        enterprises
    )
    assert RoleAssignment.objects.filter(role=Role.FEDERATION_STAFF, org__in=orgs).count() >= 144
    admin = User.objects.get(username=PROVINCE_ADMIN)
    assert admin.check_password("Jiangxin-2026")
    assert SearchDocument.objects.filter(kind="org").count() >= 300
    page = org_list(admin, kind=OrgKind.ENTERPRISE, size=50)
    assert len(page.items) == 50 and page.has_next
    assert org_list(admin, q="有限公司", parent=root, size=50).items
    assert "done" in out.getvalue()


def test_seed_province_twice_adds_nothing():
    seed_province(io.StringIO(), orgs=300)
    counts = (Org.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    out = io.StringIO()
    again = seed_province(out, orgs=300)
    assert again["orgs"] == 0
    assert (Org.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == counts
    assert "already" in out.getvalue()
