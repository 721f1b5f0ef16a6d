"""Three-way separation of duties: only the security administrator grants the auditor and
security roles (on every path), and an account whose password someone else chose changes
it at its first login."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jiangxin.accounts import services
from jiangxin.accounts.imports import UserImport
from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.accounts.tests.test_user_import import xlsx
from jiangxin.core.imports import import_run
from jiangxin.core.models import AuditEvent
from jiangxin.core.roles import GRANTABLE, Role
from jiangxin.testing.world import PASSWORD, login_past_second_factor

pytestmark = pytest.mark.django_db

NEW = "Gongjiang-88"


def _newbie(world, **kw):
    return User.objects.create_user(
        username="newbie", password=PASSWORD, home_org=world.province, **kw
    )


def test_grantable_security_roles_only_by_security_admin():
    for role, grantable in GRANTABLE.items():
        if role != Role.SECURITY_ADMIN:
            assert Role.AUDITOR not in grantable and Role.SECURITY_ADMIN not in grantable
    assert GRANTABLE[Role.SECURITY_ADMIN] == {Role.AUDITOR, Role.SECURITY_ADMIN}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SECURITY_ADMIN])
def test_federation_admin_cannot_grant_security_roles(world, role):
    newbie = _newbie(world)
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=world.province_admin, user=newbie, org=world.province, role=role, password=NEW
        )
    assert not RoleAssignment.objects.filter(user=newbie).exists()
    assert AuditEvent.objects.filter(action="role.grant", result="denied").exists()


def test_federation_admin_cannot_grant_auditor_through_the_page(world):
    newbie = _newbie(world)
    client = world.client(world.province_admin)
    page = client.get(reverse("accounts:user_detail", args=[newbie.pk]))
    roles = [value for value, _ in page.context["form"].fields["role"].choices]
    assert Role.AUDITOR not in roles and Role.SECURITY_ADMIN not in roles
    response = client.post(
        reverse("accounts:user_detail", args=[newbie.pk]),
        {"role": Role.AUDITOR, "org": world.province.pk},
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=newbie).exists()


def test_federation_admin_cannot_revoke_the_auditor(world):
    assignment = RoleAssignment.objects.get(user=world.auditor)
    response = world.client(world.province_admin).post(
        reverse("accounts:role_revoke", args=[assignment.pk])
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_federation_admin_cannot_import_an_auditor(world):
    data = [["sneaky", "x", world.province.name, "auditor", "", "", NEW]]
    result = import_run(
        actor=world.province_admin, spec=UserImport(), data=xlsx(data), filename="u.xlsx"
    )
    assert not result.ok
    assert (2, "role") in [(e.row, e.column) for e in result.errors]
    assert not User.objects.filter(username="sneaky").exists()


def test_admin_site_cannot_write_roles_or_users(world):
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    client = Client()
    login_past_second_factor(client, root)
    newbie = _newbie(world)
    assert client.get("/admin/accounts/roleassignment/add/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{newbie.pk}/password/",
        {"password1": NEW, "password2": NEW},
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/accounts/user/{newbie.pk}/change/", {"username": "newbie", "is_superuser": "on"}
    )
    assert response.status_code == 403
    newbie.refresh_from_db()
    assert not newbie.is_superuser and newbie.check_password(PASSWORD)


def test_security_admin_grants_auditor_with_new_credentials(world):
    from jiangxin.accounts.demo import demo_totp_device

    newbie = _newbie(world)
    demo_totp_device(newbie)  # a second factor someone else may hold
    client = world.client(world.security)
    response = client.post(
        reverse("accounts:security_user", args=[newbie.pk]),
        {"action": "role", "role": Role.AUDITOR, "org": world.province.pk, "password": NEW},
    )
    assert response.status_code == 302
    newbie.refresh_from_db()
    assert RoleAssignment.objects.filter(user=newbie, role=Role.AUDITOR).exists()
    assert newbie.check_password(NEW) and not newbie.check_password(PASSWORD)
    assert newbie.must_change_password
    assert not newbie.totpdevice_set.exists()
    event = AuditEvent.objects.get(action="role.grant", object_id=str(newbie.pk))
    assert event.username == "security" and event.details["credentials_reset"] is True


def test_security_role_grant_needs_a_new_password(world):
    newbie = _newbie(world)
    with pytest.raises(ValidationError) as exc:
        services.role_grant(actor=world.security, user=newbie, org=world.province, role="auditor")
    assert "password" in exc.value.message_dict
    assert not RoleAssignment.objects.filter(user=newbie).exists()


def test_security_admin_revokes_auditor(world):
    assignment = RoleAssignment.objects.get(user=world.auditor)
    response = world.client(world.security).post(
        reverse("accounts:security_user", args=[world.auditor.pk]),
        {"action": "revoke", "assignment": assignment.pk},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_security_user_page_cross_org_404(world):
    # the security administrator of a city cannot reach a user of the other city
    city_security = User.objects.create_user(
        username="city_sec", password=PASSWORD, home_org=world.city
    )
    RoleAssignment.objects.create(user=city_security, org=world.city, role=Role.SECURITY_ADMIN)
    stranger = User.objects.create_user(
        username="stranger", password=PASSWORD, home_org=world.ent_c
    )
    client = world.client(city_security)
    assert client.get(reverse("accounts:security_user", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("accounts:security_user", args=[world.admin_a.pk])).status_code == 200
    response = client.post(
        reverse("accounts:security_user", args=[stranger.pk]), {"action": "otp_reset"}
    )
    assert response.status_code == 404


def test_security_user_page_needs_security_role(world):
    url = reverse("accounts:security_user", args=[world.admin_a.pk])
    for user in (world.province_admin, world.auditor):
        assert world.client(user).get(url).status_code == 404


# --- the forced password change -------------------------------------------------------


def test_created_account_must_change_password_first(world):
    user = services.user_create(
        actor=world.admin_a, username="li_lei", password=NEW, home_org=world.ent_a
    )
    assert user.must_change_password
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "li_lei", "password": NEW})
    assert response.status_code == 302
    for path in ("/", reverse("accounts:api_tokens"), "/admin/"):
        gated = client.get(path)
        assert gated.status_code == 302
        assert gated["Location"].startswith(reverse("accounts:password_change"))
    assert client.get(reverse("accounts:password_change")).status_code == 200
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": NEW, "new_password1": "Chuangxin-99", "new_password2": "Chuangxin-99"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200


def test_imported_account_must_change_password(world):
    data = [["zhang_san", "张三", world.ent_a.name, "worker", "", "", NEW]]
    result = import_run(actor=world.admin_a, spec=UserImport(), data=xlsx(data), filename="u.xlsx")
    assert result.ok, result.errors
    assert User.objects.get(username="zhang_san").must_change_password


def test_password_reset_by_security_admin_forces_change_and_audits(world):
    response = world.client(world.security).post(
        reverse("accounts:security_user", args=[world.admin_a.pk]),
        {"action": "password", "new_password": NEW},
    )
    assert response.status_code == 302
    world.admin_a.refresh_from_db()
    assert world.admin_a.check_password(NEW) and world.admin_a.must_change_password
    assert AuditEvent.objects.filter(action="password.reset", username="security").exists()


def test_password_reset_weak_names_field(world):
    response = world.client(world.security).post(
        reverse("accounts:security_user", args=[world.admin_a.pk]),
        {"action": "password", "new_password": "abc"},
    )
    assert response.status_code == 200
    assert "new_password" in response.context["reset_form"].errors
    world.admin_a.refresh_from_db()
    assert world.admin_a.check_password(PASSWORD)


def test_logout_open_while_password_change_due(world):
    world.admin_a.must_change_password = True
    world.admin_a.save()
    client = world.client(world.admin_a)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
