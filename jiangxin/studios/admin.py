from django.contrib import admin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import (
    CreationRateTarget,
    NamingRule,
    Studio,
    StudioAssessment,
    StudioMember,
    StudioQuarterlyReport,
    StudioReview,
)


class SuperuserEditsMixin:
    """Configuration data: superusers edit it here; everyone else only looks."""

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Studio)
class StudioAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "host"
    list_display = ("name", "leader", "host", "level", "status", "named_level", "established_on")
    list_filter = ("status", "level", "named_level")
    search_fields = ("name", "field", "document_number")
    list_select_related = ("leader", "host")
    raw_id_fields = ("leader", "host", "stage_org", "certificate")
    ordering = ("-id",)


@admin.register(StudioMember)
class StudioMemberAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "studio__host"
    list_display = ("studio", "worker", "role", "joined_on")
    list_filter = ("role",)
    list_select_related = ("studio", "worker")
    search_fields = ("studio__name", "worker__name")


@admin.register(StudioReview)
class StudioReviewAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "studio__host"
    list_display = ("studio", "stage_level", "stage_org", "decision", "reviewer", "at")
    list_filter = ("stage_level", "decision")
    list_select_related = ("studio", "stage_org", "reviewer")


@admin.register(StudioQuarterlyReport)
class StudioQuarterlyReportAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "studio__host"
    list_display = ("studio", "year", "quarter", "trainings", "at")
    list_filter = ("year", "quarter")
    list_select_related = ("studio",)


@admin.register(StudioAssessment)
class StudioAssessmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "studio__host"
    list_display = ("studio", "year", "rating", "assessor", "at")
    list_filter = ("year", "rating")
    list_select_related = ("studio", "assessor")


@admin.register(NamingRule)
class NamingRuleAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    list_display = ("code", "description", "kind", "level", "active")
    list_filter = ("kind", "level", "active")
    search_fields = ("code", "description")


@admin.register(CreationRateTarget)
class CreationRateTargetAdmin(SuperuserEditsMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("org", "target_rate", "by_date", "note", "set_by")
    list_select_related = ("org", "set_by")
    raw_id_fields = ("org", "set_by")
    ordering = ("-by_date",)
