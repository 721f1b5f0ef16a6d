"""Two-factor login: required for federation admins, security administrators and auditors,
optional for others; enrolment with a locally drawn QR code; recovery codes; the reset by
the security administrator."""

from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiangxin.accounts import otp
from jiangxin.accounts.demo import demo_totp_code
from jiangxin.core.models import AuditEvent
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def _password(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def _unthrottle(user):
    """django-otp makes the next try after a wrong code wait (1 s, 2 s, …); a test does
    not wait."""
    for device in TOTPDevice.objects.filter(user=user):
        device.throttle_reset()


def _code(device: TOTPDevice, drift: int = 0) -> str:
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits)
    totp.time = totp.time + drift * device.step
    return f"{totp.token():06d}"


@pytest.mark.parametrize("username", ["province_admin", "auditor", "security"])
def test_required_roles_give_a_code_after_the_password(world, username):
    client = Client()
    response = _password(client, username)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    for path in ("/", reverse("accounts:lockouts"), "/audit/", reverse("accounts:password_change")):
        gated = client.get(path)
        assert gated.status_code == 302 and gated["Location"].startswith(
            reverse("accounts:otp_verify")
        )
    wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000", "next": "/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    _unthrottle(getattr(world, username))
    ok = client.post(reverse("accounts:otp_verify"), {"token": demo_totp_code(), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200
    results = list(
        AuditEvent.objects.filter(action="otp.verify", username=username)
        .order_by("id")
        .values_list("result", flat=True)
    )
    assert results == ["failure", "success"]


def test_a_code_is_used_once(world):
    client = Client()
    _password(client, "province_admin")
    code = demo_totp_code()
    assert client.post(reverse("accounts:otp_verify"), {"token": code}).status_code == 302
    other = Client()
    _password(other, "province_admin")
    again = other.post(reverse("accounts:otp_verify"), {"token": code})
    assert again.status_code == 200


def test_required_role_without_device_must_enrol(world):
    TOTPDevice.objects.filter(user=world.auditor).delete()
    client = Client()
    response = _password(client, "auditor")
    assert response.status_code == 302 and response["Location"] == "/"
    gated = client.get("/")
    assert gated.status_code == 302 and gated["Location"].startswith(reverse("accounts:otp_enrol"))
    page = client.get(reverse("accounts:otp_enrol"))
    assert page.status_code == 200 and page.context["required"]
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html and "http://" not in page.context["qr"]
    device = TOTPDevice.objects.get(user=world.auditor, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    wrong = client.post(reverse("accounts:otp_enrol"), {"token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    _unthrottle(world.auditor)
    done = client.post(reverse("accounts:otp_enrol"), {"token": _code(device), "next": "/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enrol", username="auditor", result="success")
    # the codes are shown once: the enrol page now sends to the status page
    assert client.get(reverse("accounts:otp_enrol"))["Location"] == reverse("accounts:otp_status")


def test_optional_for_others_enrol_from_the_user_menu(world):
    client = Client()
    assert _password(client, "admin_a")["Location"] == "/"
    assert client.get("/").status_code == 200
    status = client.get(reverse("accounts:otp_status"))
    assert status.status_code == 200 and not status.context["enrolled"]
    assert not status.context["required"]
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=world.admin_a)
    client.post(reverse("accounts:otp_enrol"), {"token": _code(device)})
    # the next login asks for a code
    again = Client()
    assert _password(again, "admin_a")["Location"].startswith(reverse("accounts:otp_verify"))


def test_recovery_code_signs_in_once(world):
    codes = otp._recovery_codes_new(world.province_admin)
    client = Client()
    _password(client, "province_admin")
    ok = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert ok.status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    event = AuditEvent.objects.get(action="otp.verify", result="success")
    assert event.details == {"recovery_code": True, "left": 9}
    other = Client()
    _password(other, "province_admin")
    assert other.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 200


def test_security_admin_resets_second_factor_audited(world):
    client = world.client(world.security)
    url = reverse("accounts:security_user", args=[world.province_admin.pk])
    assert client.get(url).context["enrolled"]
    assert client.post(url, {"action": "otp_reset"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.province_admin).exists()
    event = AuditEvent.objects.get(action="otp.reset")
    assert event.username == "security" and event.object_id == str(world.province_admin.pk)
    # the federation admin must enrol again at their next login
    fresh = Client()
    _password(fresh, "province_admin")
    assert fresh.get("/")["Location"].startswith(reverse("accounts:otp_enrol"))


def test_only_security_admin_resets_second_factor(world):
    url = reverse("accounts:security_user", args=[world.auditor.pk])
    for user in (world.province_admin, world.auditor):
        assert world.client(user).post(url, {"action": "otp_reset"}).status_code == 404
    assert TOTPDevice.objects.filter(user=world.auditor).exists()


def test_verify_page_without_pending_code_goes_on(world):
    client = world.client(world.province_admin)
    response = client.get(reverse("accounts:otp_verify") + "?next=/orgs/")
    assert response.status_code == 302 and response["Location"] == "/orgs/"


def test_verify_next_to_other_host_ignored(world):
    client = Client()
    _password(client, "province_admin")
    response = client.post(
        reverse("accounts:otp_verify"),
        {"token": demo_totp_code(), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_logout_open_while_code_due(world):
    client = Client()
    _password(client, "province_admin")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_without_state_is_gated(world):
    """A login this module did not see (force_login) is worked out on its first page."""
    client = Client()
    client.force_login(world.province_admin)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_wrong_codes_slow_down_the_next(world):
    client = Client()
    _password(client, "province_admin")
    client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    # right away, even the right code is refused: django-otp throttles the device
    refused = client.post(reverse("accounts:otp_verify"), {"token": demo_totp_code()})
    assert refused.status_code == 200
    assert "_auth_user_id" in client.session and client.get("/").status_code == 302


def test_demo_secret_and_demo_otp_command_agree(world):
    import base64
    import io

    from django.core.management import call_command

    from jiangxin.accounts.demo import DEMO_TOTP_BASE32, DEMO_TOTP_KEY

    assert base64.b32decode(DEMO_TOTP_BASE32).hex() == DEMO_TOTP_KEY
    out = io.StringIO()
    call_command("demo_otp", stdout=out)
    device = TOTPDevice.objects.get(user=world.province_admin)
    assert device.verify_token(out.getvalue().strip())


def test_role_granted_mid_session_asks_for_the_second_factor_at_once(world):
    """A session that needed no second factor is gated as soon as its user is given a
    role that needs one — not only at the next login."""
    from jiangxin.accounts.models import RoleAssignment
    from jiangxin.core.roles import Role

    client = Client()
    assert _password(client, "city_staff").status_code == 302
    assert client.get("/").status_code == 200
    assert client.session[otp.SESSION_STATE] == otp.STATE_FREE
    RoleAssignment.objects.create(
        user=world.city_staff, org=world.city, role=Role.SECURITY_ADMIN, granted_by=world.security
    )
    gated = client.get("/")
    assert gated.status_code == 302 and gated["Location"].startswith(reverse("accounts:otp_enrol"))


def test_superuser_without_a_role_must_enrol(world):
    """`createsuperuser` makes an account with every table of the admin site and no role:
    it is held to the second factor like a federation admin."""
    from django.core.management import call_command

    call_command(
        "createsuperuser", interactive=False, username="root2", email="r@example.org", verbosity=0
    )
    from jiangxin.accounts.models import User

    root = User.objects.get(username="root2")
    root.set_password(PASSWORD)
    root.save()
    client = Client()
    _password(client, "root2")
    gated = client.get("/admin/")
    assert gated.status_code == 302 and gated["Location"].startswith(reverse("accounts:otp_enrol"))
