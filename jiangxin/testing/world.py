"""The fixed cast every permission test uses (after healthchecks' shared test base):

    province ─┬─ city ─── county ─┬─ enterprise A ── branch A1
              │                   └─ enterprise B
              └─ other city ─── enterprise C

province_admin (federation admin @ province), city_staff (federation staff @ city),
admin_a / admin_b (enterprise admins of the sibling enterprises A and B), worker_a
(worker @ A), auditor (@ province), security (@ province), outsider (no role). The federation admins,
the auditor and the security administrator have the demo authenticator
(accounts.demo.DEMO_TOTP_KEY); `World.client` signs in past the second factor.

Each role below the province is held in two sibling orgs, so a cross-org test can always
pick a stranger with the same role (only the scope refuses them): admin_a / admin_b
(enterprises A and B), city_admin / other_city_admin (federation admins of the two
cities), city_staff / other_city_staff (federation staff of the two cities).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from jiangxin.accounts.demo import demo_totp_device
from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.accounts.otp import OTP_REQUIRED_ROLES
from jiangxin.core.roles import Role
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.orgs.search import org_search_reindex_many

from .factories import make_uscc

PASSWORD = "Test-pass-2026"


@dataclass
class World:
    province: Org
    city: Org
    county: Org
    ent_a: Org
    branch_a1: Org
    ent_b: Org
    other_city: Org
    ent_c: Org
    province_admin: User
    city_staff: User
    city_admin: User
    other_city_staff: User
    other_city_admin: User
    admin_a: User
    admin_b: User
    worker_a: User
    auditor: User
    security: User
    outsider: User

    def client(self, user: User | None) -> Client:
        c = Client()
        if user is not None:
            force_login_verified(c, user)
        return c


def force_login_verified(client: Client, user: User) -> None:
    """`client.force_login` past the login's second step: the session has given its
    two-factor code (see accounts/otp.py), as after a login through the pages."""
    import time

    from jiangxin.accounts.otp import otp_session_mark_ok
    from jiangxin.core.middleware import SessionTouchMiddleware

    client.force_login(user)
    session = client.session
    otp_session_mark_ok(session)
    # A real login's response also stamps the session's last save
    # (core.middleware.SessionTouchMiddleware); force_login bypasses middleware.
    session[SessionTouchMiddleware.KEY] = int(time.time())
    session.save()


def _org(parent: Org | None, name: str, kind: str, region: str, uscc: str | None = None) -> Org:
    org = Org(name=name, kind=kind, region_code=region, uscc=uscc)
    if parent is None:
        return Org.objects.add_root(instance=org)
    return Org.objects.add_child(Org.objects.get(pk=parent.pk), instance=org)


def _user(username: str, home: Org | None, *roles: tuple[str, Org]) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, home_org=home, display_name=username
    )
    for role, org in roles:
        RoleAssignment.objects.create(user=user, org=org, role=role)
    if any(role in OTP_REQUIRED_ROLES for role, _ in roles):
        demo_totp_device(user)  # the demo secret: a browser test types demo_totp_code()
    return user


def build_world() -> World:
    province = _org(None, "测试省总工会", OrgKind.PROVINCIAL, "370000")
    city = _org(province, "甲市总工会", OrgKind.MUNICIPAL, "370100")
    county = _org(city, "甲区总工会", OrgKind.COUNTY, "370102")
    ent_a = _org(county, "甲钢铁有限公司", OrgKind.ENTERPRISE, "370102", make_uscc("370102", 1))
    branch_a1 = _org(ent_a, "甲炼钢分会", OrgKind.BRANCH, "370102")
    ent_b = _org(county, "乙电力有限公司", OrgKind.ENTERPRISE, "370102", make_uscc("370102", 2))
    other_city = _org(province, "乙市总工会", OrgKind.MUNICIPAL, "370200")
    ent_c = _org(other_city, "丙港口有限公司", OrgKind.ENTERPRISE, "370202", make_uscc("370202", 3))
    org_search_reindex_many()
    province = Org.objects.get(pk=province.pk)
    return World(
        province=province,
        city=Org.objects.get(pk=city.pk),
        county=Org.objects.get(pk=county.pk),
        ent_a=Org.objects.get(pk=ent_a.pk),
        branch_a1=branch_a1,
        ent_b=Org.objects.get(pk=ent_b.pk),
        other_city=Org.objects.get(pk=other_city.pk),
        ent_c=ent_c,
        province_admin=_user("province_admin", province, (Role.FEDERATION_ADMIN, province)),
        city_staff=_user("city_staff", city, (Role.FEDERATION_STAFF, city)),
        city_admin=_user("city_admin", city, (Role.FEDERATION_ADMIN, city)),
        other_city_staff=_user("other_city_staff", other_city, (Role.FEDERATION_STAFF, other_city)),
        other_city_admin=_user("other_city_admin", other_city, (Role.FEDERATION_ADMIN, other_city)),
        admin_a=_user("admin_a", ent_a, (Role.ENTERPRISE_ADMIN, ent_a)),
        admin_b=_user("admin_b", ent_b, (Role.ENTERPRISE_ADMIN, ent_b)),
        worker_a=_user("worker_a", ent_a, (Role.WORKER, ent_a)),
        auditor=_user("auditor", province, (Role.AUDITOR, province)),
        security=_user("security", province, (Role.SECURITY_ADMIN, province)),
        outsider=_user("outsider", None),
    )


def login_past_second_factor(client, user) -> None:
    """`client.force_login(user)` with the session's second factor given (a superuser or a
    role that needs one would otherwise be sent to enrol)."""
    client.force_login(user)
    session = client.session
    session["jx_otp"] = "ok"
    session.save()
