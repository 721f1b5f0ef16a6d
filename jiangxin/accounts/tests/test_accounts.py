import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiangxin.accounts import services
from jiangxin.accounts.models import ApiToken, RoleAssignment, User
from jiangxin.core.access import user_scope
from jiangxin.core.models import AuditEvent
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_success_redirects_and_audits(world, client):
    response = _login(client, "admin_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action="login", username="admin_a", result="success").exists()


def test_login_failure_says_so_and_audits(world, client):
    response = _login(client, "admin_a", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(action="login", username="admin_a", result="failure").exists()


def test_login_lockout_after_five_failures(world, client):
    for _ in range(5):
        _login(client, "admin_a", "wrong")
    response = _login(client, "admin_a", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # the 5th failure locks, the 6th attempt is refused: one lockout event each
    assert AuditEvent.objects.filter(action="login.lockout", username="admin_a").count() == 2
    assert not AuditEvent.objects.filter(action="login.lockout", username="").exists()
    # another account is not affected
    assert _login(client, "admin_b", PASSWORD).status_code == 302


def test_login_lockout_reset_by_security_admin(world, client):
    for _ in range(5):
        _login(client, "admin_a", "wrong")
    services.lockout_reset(actor=world.security, username="admin_a")
    assert _login(client, "admin_a", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="lockout.reset", username="security").exists()


def test_login_next_to_other_host_ignored(world, client):
    response = client.post(
        reverse("accounts:login"),
        {"username": "admin_a", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_logout_audits_and_ends_session(world):
    client = world.client(world.admin_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="logout", username="admin_a").exists()
    assert client.get("/").status_code == 302


def test_password_change_enforces_rules(world):
    client = world.client(world.admin_a)
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert "new_password1" in weak.context["form"].errors
    wrong_old = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "Gongjiang-88", "new_password2": "Gongjiang-88"},
    )
    assert "old_password" in wrong_old.context["form"].errors
    ok = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gongjiang-88",
            "new_password2": "Gongjiang-88",
        },
    )
    assert ok.status_code == 302
    world.admin_a.refresh_from_db()
    assert world.admin_a.check_password("Gongjiang-88")
    assert AuditEvent.objects.filter(
        action="password.change", username="admin_a", result="success"
    ).exists()


def test_role_grant_inside_scope_audits(world):
    newbie = User.objects.create_user(username="newbie", password="x", home_org=world.ent_a)
    services.role_grant(actor=world.admin_a, user=newbie, org=world.branch_a1, role="worker")
    assert RoleAssignment.objects.filter(user=newbie, org=world.branch_a1, role="worker").exists()
    event = AuditEvent.objects.get(action="role.grant", object_id=str(newbie.pk))
    assert event.username == "admin_a" and event.details["role"] == "worker"


def test_role_grant_beyond_own_scope_404(world):
    newbie = User.objects.create_user(username="newbie", password="x", home_org=world.ent_a)
    with pytest.raises(Http404):
        services.role_grant(actor=world.admin_a, user=newbie, org=world.county, role="worker")
    with pytest.raises(Http404):
        services.role_grant(actor=world.admin_a, user=world.admin_b, org=world.ent_a, role="worker")


def test_role_grant_above_own_role_refused_and_audited(world):
    newbie = User.objects.create_user(username="newbie", password="x", home_org=world.ent_a)
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=world.admin_a, user=newbie, org=world.ent_a, role="federation_admin"
        )
    assert not RoleAssignment.objects.filter(user=newbie).exists()
    assert AuditEvent.objects.filter(action="role.grant", result="denied").exists()


def test_role_grant_separation_of_duties(world):
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=world.province_admin,
            user=world.auditor,
            org=world.province,
            role="federation_admin",
        )
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=world.province_admin, user=world.security, org=world.province, role="auditor"
        )


def test_role_grant_view_form(world):
    client = world.client(world.province_admin)
    response = client.post(
        reverse("accounts:user_detail", args=[world.worker_a.pk]),
        {"role": "expert", "org": world.ent_a.pk},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=world.worker_a, role="expert").exists()


def test_role_revoke_and_audit(world):
    assignment = RoleAssignment.objects.get(user=world.worker_a)
    response = world.client(world.admin_a).post(
        reverse("accounts:role_revoke", args=[assignment.pk])
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoke").exists()


def test_role_switch_changes_scope(world):
    RoleAssignment.objects.create(user=world.city_staff, org=world.county, role="expert")
    client = world.client(world.city_staff)
    assert client.get(reverse("orgs:detail", args=[world.city.pk])).status_code == 200
    expert = RoleAssignment.objects.get(user=world.city_staff, role="expert")
    client.post(reverse("accounts:role_switch"), {"assignment": expert.pk})
    assert client.get(reverse("orgs:detail", args=[world.city.pk])).status_code == 404
    assert client.get(reverse("orgs:detail", args=[world.county.pk])).status_code == 200
    other = RoleAssignment.objects.get(user=world.admin_b)
    assert client.post(reverse("accounts:role_switch"), {"assignment": other.pk}).status_code == 404


def test_user_create_in_scope(world):
    client = world.client(world.admin_a)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "li_lei",
            "display_name": "李雷",
            "home_org": world.ent_a.pk,
            "password": "Gongjiang-88",
            "mobile": "13812345678",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="li_lei").home_org_id == world.ent_a.pk


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "x1", "home_org": "ENT_B", "password": "Gongjiang-88"}, "home_org"),
        ({"username": "x2", "home_org": "ENT_A", "password": "abc"}, "password"),
        (
            {"username": "x3", "home_org": "ENT_A", "password": "Gongjiang-88", "mobile": "12345"},
            "mobile",
        ),
        ({"username": "admin_b", "home_org": "ENT_A", "password": "Gongjiang-88"}, "username"),
    ],
)
def test_user_create_bad_input_names_field(world, data, field):
    data = {
        **data,
        "home_org": {"ENT_A": world.ent_a.pk, "ENT_B": world.ent_b.pk}[data["home_org"]],
    }
    before = User.objects.count()
    response = world.client(world.admin_a).post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == before


def test_api_token_stored_hashed_and_revocable(world):
    token, raw = services.api_token_create(actor=world.admin_a, name="etl")
    assert raw not in token.digest and token.digest == ApiToken.hash(raw)
    client = world.client(None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/orgs/", **auth).status_code == 200
    services.api_token_revoke(actor=world.admin_a, token_id=token.pk)
    assert client.get("/api/v1/orgs/", **auth).status_code == 401
    with pytest.raises(Http404):
        services.api_token_revoke(actor=world.admin_b, token_id=token.pk)


def test_api_token_page_shows_raw_once(world):
    client = world.client(world.admin_a)
    body = client.post(reverse("accounts:api_tokens"), {"name": "etl"}).content.decode()
    assert "jx_" in body
    token = ApiToken.objects.get(user=world.admin_a)
    again = client.get(reverse("accounts:api_tokens")).content.decode()
    assert token.prefix in again and body.count("jx_") > again.count("jx_") - 1


def test_user_scope_of_outsider_is_empty(world):
    assert user_scope(world.outsider).is_empty
