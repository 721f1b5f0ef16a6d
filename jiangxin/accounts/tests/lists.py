"""Lists of accounts (see jiangxin/testing/lists.py)."""

from datetime import timedelta

from django.utils import timezone

from jiangxin.accounts.models import LoginThrottle, RoleAssignment, User
from jiangxin.accounts.services import api_token_create
from jiangxin.core.roles import Role
from jiangxin.testing.lists import Grow, serial


def _users(w, n):
    for _ in range(n):
        user = User.objects.create_user(username=f"u{serial()}", home_org=w.ent_a)
        RoleAssignment.objects.create(user=user, org=w.ent_a, role=Role.WORKER)


def _tokens(w, n):
    for _ in range(n):
        api_token_create(actor=w.admin_a, name=f"t{serial()}")


def _attempts(w, n):
    for _ in range(n):
        LoginThrottle.objects.create(
            username=f"u{serial()}",
            ip="203.0.113.9",
            lockouts=1,
            locked_until=timezone.now() + timedelta(minutes=15),
        )


LISTS = {
    "accounts:user_list": Grow(_users),
    "accounts:api_tokens": Grow(_tokens),
    "accounts:lockouts": Grow(_attempts, user="security"),
}
