from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import ApiToken, RoleAssignment, User


class RoleAssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ("org", "granted_by")


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, BaseUserAdmin):
    scope_org_field = "home_org"
    list_display = ("username", "display_name", "home_org", "is_active", "last_login")
    search_fields = ("username", "display_name", "mobile")
    raw_id_fields = ("home_org",)
    inlines = [RoleAssignmentInline]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("jiangxin", {"fields": ("display_name", "mobile", "home_org")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "role", "org", "granted_by", "granted_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "org", "granted_by")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "user__home_org"
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix")


def _admin_login(request, extra_context=None):
    """/admin/login/ is the site's own login page (accounts.views.login_view): the same
    throttle, audit, second factor and forced password change as every other login."""
    from .views import login_view

    return login_view(request)


admin.site.login = _admin_login
