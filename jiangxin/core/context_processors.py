from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import role_assignments_of, user_scope
from .modules import nav_items
from .roles import Perm


def _nav(scope) -> list[dict]:
    """Home, each module's entries the active role may see (in their order), then the
    audit log for auditors."""
    items = [{"url": reverse("core:home"), "label": _("Home"), "key": "home"}]
    entries = [(item.order, item.key, item.label, item.url_name) for item in nav_items()]
    entries.append((90, "audit", _("Audit log"), "core:audit_list"))
    visible = {item.key for item in nav_items() if item.visible(scope)}
    if scope.has(Perm.AUDIT_VIEW):
        visible.add("audit")
    for _order, key, label, url_name in sorted(entries, key=lambda e: e[0]):
        if key in visible:
            items.append({"url": reverse(url_name), "label": label, "key": key})
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
