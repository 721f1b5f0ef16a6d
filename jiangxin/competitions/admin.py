"""Read-only, scoped admin pages for federation staff (writes go through the services)."""

from django.contrib import admin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import Competition, Registration, Track


@admin.register(Competition)
class CompetitionAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    scope_org_field = "org"
    list_display = ("title", "org", "level", "year", "status", "registration_deadline")
    list_filter = ("level", "status", "year")
    search_fields = ("title",)
    list_select_related = ("org",)


@admin.register(Track)
class TrackAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    scope_org_field = "competition__org"
    list_display = ("code", "name", "competition", "mode", "team_size", "min_level", "max_level")
    search_fields = ("code", "name")
    list_select_related = ("competition",)


@admin.register(Registration)
class RegistrationAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    scope_org_field = "employer"
    list_display = ("id", "worker", "track", "employer", "team_name", "is_leader", "status")
    list_filter = ("status", "source")
    search_fields = ("worker__name", "team_name")
    list_select_related = ("worker", "track", "employer")
    raw_id_fields = ("worker", "track", "employer", "substitute_for")
