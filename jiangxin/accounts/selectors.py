from __future__ import annotations

from django.db.models import QuerySet

from jiangxin.core.access import get_scoped_or_404, scoped
from jiangxin.core.access import role_assignments_of as role_assignments_of  # the roles of a user
from jiangxin.core.pagination import KeysetPage, keyset_page

from .models import RoleAssignment, User


def user_qs(viewer) -> QuerySet[User]:
    return scoped(User.objects.all(), viewer, org_field="home_org")


def user_list(viewer, *, q: str = "", cursor: str | None = None, size: int = 50) -> KeysetPage:
    qs = user_qs(viewer).select_related("home_org")
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(display_name__icontains=q)
    return keyset_page(qs, order=("username", "id"), cursor=cursor, size=size)


def user_get(viewer, pk: int) -> User:
    return get_scoped_or_404(User.objects.select_related("home_org"), viewer, "home_org", pk=pk)


def user_role_list(viewer, user: User) -> list[RoleAssignment]:
    return list(
        scoped(RoleAssignment.objects.filter(user=user), viewer, "org")
        .select_related("org", "granted_by")
        .order_by("org__path", "role")
    )


def role_assignment_get(viewer, pk: int) -> RoleAssignment:
    return get_scoped_or_404(
        RoleAssignment.objects.select_related("org", "user"), viewer, "org", pk=pk
    )


def api_token_list(user) -> list:
    return list(user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"))


def roles_prefetch_qs() -> QuerySet[RoleAssignment]:
    """Roles to prefetch beside a scoped list of accounts (read per fetched account)."""
    return RoleAssignment.objects.select_related("org").order_by("org__path", "role")


def users_among(pks) -> QuerySet[User]:
    """The accounts of `pks`, which the caller drew from a scoped source (an expert pool)."""
    return User.objects.filter(pk__in=pks).unscoped("accounts drawn from a scoped source")
