from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import role_assignments_of, user_scope
from .modules import NavItem, nav_items
from .roles import Perm

_AUDIT = NavItem("audit", _("Audit log"), "core:audit_list", lambda s: s.has(Perm.AUDIT_VIEW), 90)


def _nav(scope) -> list[dict]:
    """Home, then each module's entries (and core's audit log) the active role may see, in
    their order."""
    items = [{"url": reverse("core:home"), "label": _("Home"), "key": "home"}]
    for item in sorted([*nav_items(), _AUDIT], key=lambda i: i.order):
        if item.visible(scope):
            items.append({"url": reverse(item.url_name), "label": item.label, "key": item.key})
    return items


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "jx_scope": None}
    scope = user_scope(user)
    return {
        "nav_items": _nav(scope),
        "jx_scope": scope,
        "jx_roles": role_assignments_of(user),
        "jx_active_role": next(
            (a for a in role_assignments_of(user) if a.pk == scope.assignment_id), None
        ),
    }
