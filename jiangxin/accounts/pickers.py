"""The user picker (core.pickers): accounts whose home org lies in the user's subtree, by
the start of the user name (its unique index) or of the display name; each option names
the account's roles."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from jiangxin.core.access import user_scope
from jiangxin.core.pickers import picker_register

from .models import User
from .perms import AccountPerm
from .selectors import roles_prefetch_qs, user_qs

TOP = "\U0010ffff"


def _queryset(user, params):
    if not user_scope(user).has(AccountPerm.USER_MANAGE):
        return User.objects.none()
    return user_qs(user).filter(is_active=True)


def _search(user, q, params):
    roles = roles_prefetch_qs()
    return (
        _queryset(user, params)
        .filter(
            Q(username__startswith=q, username__range=(q, q + TOP)) | Q(display_name__startswith=q)
        )
        .prefetch_related(Prefetch("role_assignments", queryset=roles))
        .order_by("username")
    )


def _detail(account: User) -> str:
    roles = getattr(account, "_prefetched_objects_cache", {}).get("role_assignments")
    parts = [account.username]
    if roles is not None:
        parts += [f"{a.get_role_display()} @ {a.org.name}" for a in roles]
    return " · ".join(parts)


picker_register("user", queryset=_queryset, search=_search, detail=_detail)
