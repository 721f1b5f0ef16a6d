from django.contrib import admin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import Org


@admin.register(Org)
class OrgAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Scoped to the staff user's subtree; the tree itself is edited through the app's
    own pages (org_create / org_move), so path fields are read-only here."""

    scope_org_field = None
    list_display = ("name", "kind", "uscc", "region_code", "industry", "depth", "is_active")
    list_filter = ("kind", "industry", "is_active")
    search_fields = ("name", "uscc", "region_code")
    ordering = ("path",)
