"""Admin pages follow the same access layer: a staff user who is not a superuser sees
only rows inside their active role's subtree. Admin pages are for looking things up;
every write goes through the app's own pages and services, so it is validated and
audited, hence `ReadOnlyAdminMixin`."""

from .access import scoped


class ScopedAdminMixin:
    scope_org_field: str | None = "org"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user, self.scope_org_field)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
