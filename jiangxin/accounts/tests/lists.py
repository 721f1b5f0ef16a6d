"""Lists of accounts (see jiangxin/testing/lists.py)."""

from axes.models import AccessAttempt

from jiangxin.accounts.models import RoleAssignment, User
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
        AccessAttempt.objects.create(
            username=f"u{serial()}", ip_address="127.0.0.1", failures_since_start=5
        )


LISTS = {
    "accounts:user_list": Grow(_users),
    "accounts:api_tokens": Grow(_tokens),
    "accounts:lockouts": Grow(_attempts, user="security"),
}
