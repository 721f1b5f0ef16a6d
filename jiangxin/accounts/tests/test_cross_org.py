import pytest
from django.urls import reverse

from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core.roles import Role
from jiangxin.testing.crossorg import Probe, Target, assert_404_for
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def _security_admins(w) -> Target:
    """A city's user; the security administrators of the city and of the other city."""
    admins = []
    for name, org in (("city_security", w.city), ("other_city_security", w.other_city)):
        user = User.objects.create_user(username=name, password=PASSWORD, home_org=org)
        RoleAssignment.objects.create(user=user, org=org, role=Role.SECURITY_ADMIN)
        admins.append(user)
    return Target(args=[w.city_staff.pk], owner=admins[0], stranger=admins[1])


CROSS_ORG = {
    "accounts:security_user": Probe(_security_admins),
    "accounts:user_detail": Probe(lambda w: [w.worker_a.pk]),
    "accounts:user_active": Probe(lambda w: [w.worker_a.pk], data={"active": "0"}),
    "accounts:role_revoke": Probe(
        lambda w: [RoleAssignment.objects.get(user=w.worker_a).pk], data={"reason": "调离"}
    ),
}
CROSS_ORG_URLS = list(CROSS_ORG)


def test_cross_org_user_detail_404(world):
    client = world.client(world.admin_a)
    assert client.get(reverse("accounts:user_detail", args=[world.worker_a.pk])).status_code == 200
    assert_404_for(client, reverse("accounts:user_detail", args=[world.admin_b.pk]))
    assert_404_for(client, reverse("accounts:user_detail", args=[world.province_admin.pk]))


def test_cross_org_user_active_404_changes_nothing(world):
    assert_404_for(
        world.client(world.admin_a),
        reverse("accounts:user_active", args=[world.admin_b.pk]),
        method="post",
        data={"active": "0"},
    )
    world.admin_b.refresh_from_db()
    assert world.admin_b.is_active


def test_cross_org_role_revoke_404_changes_nothing(world):
    assignment = RoleAssignment.objects.get(user=world.admin_b)
    assert_404_for(
        world.client(world.admin_a),
        reverse("accounts:role_revoke", args=[assignment.pk]),
        method="post",
    )
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_cross_org_worker_cannot_manage_users(world):
    assert_404_for(
        world.client(world.worker_a), reverse("accounts:user_detail", args=[world.worker_a.pk])
    )
