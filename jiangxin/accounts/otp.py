"""Two-factor login (TOTP, django-otp) and the gate every signed-in request passes.

Federation admins, security administrators, auditors and superusers (made by
`createsuperuser`, with or without a role) must use a second factor: after
their password they enrol an authenticator app (a QR code drawn here, never fetched from
elsewhere) before they can use the site; everybody else may enrol from the user menu. A
user with a device gives a 6-digit code after the password at every login, or one of ten
single-use recovery codes (django-otp's static device), shown once at enrolment. The
security administrator can reset a user's second factor (audited); the user enrols again.

The session carries the state (SESSION_STATE), so a page costs no extra query:
"verify" (a code is still due), "enrol" (the role needs a second factor and there is none
yet), "ok" (the code was given), "free" (no second factor is needed). A session without
the key (a login this module did not see) is worked out on its first request, and so is
a "free" one whose user has since been given a role that needs a second factor: the gate
asks for it at the next request, not only at the next login. `account_gate` adds the forced password change (`must_change_password`,
set when someone else chose the password) and says the one page a user may open next.
"""

from __future__ import annotations

import segno
from django.db import transaction
from django.http import Http404
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiangxin.core.access import require_perm, role_assignments_of
from jiangxin.core.audit import audit_record
from jiangxin.core.models import AuditEvent
from jiangxin.core.roles import Perm, Role

SESSION_STATE = "jx_otp"
OTP_REQUIRED_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
RECOVERY_CODES = 10
STATE_OK, STATE_VERIFY, STATE_ENROL, STATE_FREE = "ok", "verify", "enrol", "free"


def otp_required(user) -> bool:
    """A role that needs a second factor, or a superuser (the admin site's every table,
    with or without a role)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(a.role in OTP_REQUIRED_ROLES for a in role_assignments_of(user))


def otp_enrolled(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def otp_state_for(user) -> str:
    if otp_enrolled(user):
        return STATE_VERIFY
    return STATE_ENROL if otp_required(user) else STATE_FREE


def otp_session_start(request, user) -> str:
    """After a correct password: what the session still owes."""
    state = otp_state_for(user)
    request.session[SESSION_STATE] = state
    return state


def otp_session_mark_ok(session) -> None:
    session[SESSION_STATE] = STATE_OK


def account_gate(request) -> str | None:
    """The name of the only page this signed-in request may open, or None (no gate)."""
    user = request.user
    state = request.session.get(SESSION_STATE)
    # A role granted mid-session: role_assignments_of is read for the scope anyway.
    if state is None or (state == STATE_FREE and otp_required(user)):
        state = otp_session_start(request, user)
    if state == STATE_VERIFY:
        return "accounts:otp_verify"
    if user.must_change_password:
        return "accounts:password_change"
    if state == STATE_ENROL:
        return "accounts:otp_enrol"
    return None


# --- enrolment -------------------------------------------------------------------------


def otp_enrol_device(user) -> TOTPDevice:
    """The user's unconfirmed authenticator (a new secret each time one is needed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def otp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// QR code as an SVG data URI, drawn here (no outside service)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def otp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app without a camera."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def otp_enrol_confirm(*, actor, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code from it; returns the recovery codes (shown
    once), or None for a wrong code (audited)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor)
    if not device.verify_token((token or "").strip().replace(" ", "")):
        audit_record(actor=actor, action="otp.enrol", result=AuditEvent.Result.FAILURE)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    codes = _recovery_codes_new(actor)
    audit_record(actor=actor, action="otp.enrol", obj=actor)
    return codes


def _recovery_codes_new(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


# --- the code at login -----------------------------------------------------------------


@transaction.atomic
def otp_verify(*, actor, token: str) -> bool:
    """Check a code (authenticator or recovery code); audited either way. django-otp
    slows repeated wrong codes down (1 s, 2 s, 4 s, … per device)."""
    device = match_token(actor, (token or "").strip().replace(" ", ""))
    if device is None:
        audit_record(actor=actor, action="otp.verify", result=AuditEvent.Result.FAILURE)
        return False
    recovery = isinstance(device, StaticDevice)
    details = {"recovery_code": True, "left": device.token_set.count()} if recovery else None
    audit_record(actor=actor, action="otp.verify", details=details)
    return True


# --- reset by the security administrator -----------------------------------------------


@transaction.atomic
def otp_reset(*, actor, user) -> int:
    """Remove every second factor of `user` (a lost phone); they enrol again at their next
    login. Only the security administrator, inside their subtree."""
    scope = require_perm(actor, Perm.SECURITY_MANAGE)
    if user.home_org is None or not scope.covers(user.home_org.path) or user.pk == actor.pk:
        raise Http404
    removed = otp_devices_delete(user)
    audit_record(actor=actor, action="otp.reset", obj=user, details={"devices": removed})
    return removed


def otp_devices_delete(user) -> int:
    """Remove the user's authenticators and recovery codes; how many devices went."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
