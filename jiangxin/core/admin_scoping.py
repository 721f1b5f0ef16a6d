"""Admin pages follow the same access layer: a staff user who is not a superuser sees
only rows inside their active role's subtree."""

from .access import scoped


class ScopedAdminMixin:
    scope_org_field: str | None = "org"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user, self.scope_org_field)
