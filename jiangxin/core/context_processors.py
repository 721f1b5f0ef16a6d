from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import role_assignments_of, user_scope
from .roles import Perm


def _nav(scope) -> list[dict]:
    items = [{"url": reverse("core:home"), "label": _("Home"), "key": "home"}]
    if scope.has(Perm.ORG_VIEW):
        items.append({"url": reverse("orgs:list"), "label": _("Organisations"), "key": "orgs"})
    if scope.has(Perm.PEOPLE_VIEW):
        items.append({"url": reverse("people:worker_list"), "label": _("Workers"), "key": "people"})
    if scope.role == "worker":
        items.append(
            {"url": reverse("people:my_profile"), "label": _("My profile"), "key": "my_profile"}
        )
    if scope.has(Perm.STUDIO_APPLY) or scope.has(Perm.STUDIO_REVIEW):
        items.append({"url": reverse("studios:list"), "label": _("Studios"), "key": "studios"})
    if scope.has(Perm.ACHIEVEMENT_VIEW):
        items.append(
            {"url": reverse("achievements:list"), "label": _("Achievements"), "key": "achievements"}
        )
    if any(
        scope.has(p) for p in (Perm.SELECTION_MANAGE, Perm.SELECTION_NOMINATE, Perm.SELECTION_SCORE)
    ):
        items.append(
            {
                "url": reverse("selection:campaign_list"),
                "label": _("Selections"),
                "key": "selection",
            }
        )
    if scope.has(Perm.USER_MANAGE):
        items.append(
            {"url": reverse("accounts:user_list"), "label": _("Users and roles"), "key": "users"}
        )
    if scope.has(Perm.AUDIT_VIEW):
        items.append({"url": reverse("core:audit_list"), "label": _("Audit log"), "key": "audit"})
    if scope.has(Perm.SECURITY_MANAGE):
        items.append(
            {"url": reverse("accounts:lockouts"), "label": _("Security"), "key": "security"}
        )
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
