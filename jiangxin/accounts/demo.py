"""Demo users, one or more for every role, all with the password DEMO_PASSWORD."""

from __future__ import annotations

from django.db import transaction

from jiangxin.core.roles import Role

from .models import RoleAssignment, User
from .otp import OTP_REQUIRED_ROLES
from .services import user_create_system

DEMO_PASSWORD = "Jiangxin-2026"
# The demo's authenticator secret (base32 JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP, in README.md):
# the demo users whose role needs two-factor login (federation admin, auditor, security
# administrator) have it, so a demo can log in with any TOTP app or `manage.py demo_otp`.
# Demo only: a real account enrols its own secret.
DEMO_TOTP_BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_TOTP_KEY = "48656c6c6f21deadbeef48656c6c6f21deadbeef"  # noqa: S105 (hex of the base32 above)

# username, display name, home org key, [(role, org key)]
DEMO_USERS = [
    ("province_admin", "王建国", "province", [(Role.FEDERATION_ADMIN, "province")]),
    ("province_staff", "李秀英", "province", [(Role.FEDERATION_STAFF, "province")]),
    (
        "qingdao_staff",
        "张伟",
        "青岛市总工会",
        [(Role.FEDERATION_STAFF, "青岛市总工会"), (Role.EXPERT, "青岛市总工会")],
    ),
    (
        "rizhao_steel_admin",
        "刘松林",
        "日照钢铁控股集团有限公司",
        [(Role.ENTERPRISE_ADMIN, "日照钢铁控股集团有限公司")],
    ),
    (
        "shandong_steel_admin",
        "赵振江",
        "山东钢铁集团有限公司",
        [(Role.ENTERPRISE_ADMIN, "山东钢铁集团有限公司")],
    ),
    (
        "worker_luan",
        "栾军",
        "日照钢铁控股集团有限公司",
        [(Role.WORKER, "日照钢铁控股集团有限公司")],
    ),
    ("expert_sun", "孙丽", "province", [(Role.EXPERT, "province")]),
    ("judge_zhou", "周强", "province", [(Role.JUDGE, "province")]),
    ("auditor_chen", "陈敏", "province", [(Role.AUDITOR, "province")]),
    ("security_yang", "杨帆", "province", [(Role.SECURITY_ADMIN, "province")]),
]


@transaction.atomic
def seed_demo_users(orgs: dict) -> list[tuple[str, str]]:
    created = []
    for username, display, home_key, roles in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create_system(
                username=username,
                password=DEMO_PASSWORD,
                home_org=orgs[home_key],
                display_name=display,
            )
        for role, org_key in roles:
            RoleAssignment.objects.get_or_create(user=user, org=orgs[org_key], role=role)
        label = ", ".join(f"{r.label} @ {orgs[k].name}" for r, k in roles)
        if any(role in OTP_REQUIRED_ROLES for role, _ in roles):
            demo_totp_device(user)
            label += f" — 2FA: TOTP secret {DEMO_TOTP_BASE32} (manage.py demo_otp prints the code)"
        created.append((username, label))
    return created


def demo_totp_device(user):
    """The demo authenticator (DEMO_TOTP_KEY) of a demo user, confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )
    return device


def demo_totp_code(drift: int = 0) -> str:
    """The code an authenticator with DEMO_TOTP_KEY shows now (`drift` steps of 30 s later)."""
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(DEMO_TOTP_KEY))
    totp.time = time.time() + 30 * drift
    return f"{totp.token():06d}"
