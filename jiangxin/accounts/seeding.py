"""The users of the province-scale org tree (`seed --preset province`): a federation admin
and staff at the province, one federation staff per industry union, city and county, and
one enterprise union admin per enterprise, each with their RoleAssignment; all share the
password BENCH_PASSWORD (hashed once). Who gets which user is in the org plan of
`jiangxin.orgs.seeding` (the same plan every time for the same number of orgs)."""

from __future__ import annotations

import random
import time

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from jiangxin.core.audit import audit_record
from jiangxin.core.roles import Role
from jiangxin.core.seeding import (
    BENCH_PASSWORD,
    PROVINCE_ADMIN,
    PROVINCE_STAFF,
    USER_PREFIX,
    Say,
    analyze,
    bulk_insert,
    mobile,
    person_name,
)
from jiangxin.orgs.models import Org
from jiangxin.orgs.seeding import SEED, province_plan, province_root, seed_province_orgs

from .models import RoleAssignment, User


def seed_province_users(stdout=None, *, orgs: int = 100_000, users: int | None = None) -> dict:
    """The users of the province's orgs (see the module docstring); `users` caps the number
    of enterprise admins (default: one per enterprise). Does nothing if they exist."""
    say = Say(stdout)
    root = province_root()
    if root is None or User.objects.filter(username=PROVINCE_ADMIN).exists():
        say("The province's users are already loaded (or it has no orgs); nothing to do.")
        return {"users": 0, "roles": 0}
    rng = random.Random(SEED)
    nodes = province_plan(root.path, orgs, rng)  # leaves rng where the org seed left it
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        ids = dict(Org.objects.filter(path__startswith=root.path).values_list("path", "id"))
        password = make_password(BENCH_PASSWORD)  # hashed once, shared by every row
        people = [
            (PROVINCE_ADMIN, root.path, Role.FEDERATION_ADMIN),
            (PROVINCE_STAFF, root.path, Role.FEDERATION_STAFF),
        ]
        enterprise_admins = 0
        for n in nodes:
            if not n.username or n.path not in ids:
                continue
            if n.role == Role.ENTERPRISE_ADMIN:
                if users is not None and enterprise_admins >= users:
                    continue
                enterprise_admins += 1
            people.append((n.username, n.path, n.role))
        user_cols = (
            "username", "password", "display_name", "mobile", "email", "first_name",
            "last_name", "is_active", "is_staff", "is_superuser", "date_joined", "home_org_id",
        )  # fmt: skip
        n_users = bulk_insert(
            User,
            user_cols,
            (
                (
                    username,
                    password,
                    person_name(rng),
                    mobile(rng),
                    "",
                    "",
                    "",
                    True,
                    False,
                    False,
                    now,
                    ids[path],
                )  # fmt: skip
                for username, path, _role in people
            ),
        )
        say(f"inserted {n_users:,} users (password {BENCH_PASSWORD})")
        user_ids = dict(
            User.objects.filter(username__startswith=USER_PREFIX).values_list("username", "id")
        )
        n_roles = bulk_insert(
            RoleAssignment,
            ("user_id", "org_id", "role", "granted_at"),
            ((user_ids[u], ids[path], str(role), now) for u, path, role in people),
        )
        say(f"inserted {n_roles:,} role assignments")
        audit_record(
            action="seed.province_users",
            obj=root,
            username="system",
            details={"users": n_users, "roles": n_roles},
        )
    analyze(User._meta.db_table, RoleAssignment._meta.db_table)
    say(f"done: {n_users:,} users, {n_roles:,} roles in {time.perf_counter() - say.t0:.1f}s")
    return {"users": n_users, "roles": n_roles}


def seed_province(stdout=None, *, orgs: int = 100_000, users: int | None = None) -> dict:
    """The province's orgs and their users (what tests and benchmarks start from)."""
    created = seed_province_orgs(stdout, orgs=orgs)
    created.update(seed_province_users(stdout, orgs=orgs, users=users))
    return created
