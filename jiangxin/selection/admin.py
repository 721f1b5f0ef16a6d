"""Read-only, scoped admin pages for federation staff (writes go through the services)."""

from django.contrib import admin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import (
    Announcement,
    Campaign,
    ConflictRecord,
    Entry,
    ExpertProfile,
    Objection,
    Recommendation,
    Scorecard,
)


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "org", "year", "subject_kind", "stage", "decision_number")
    list_filter = ("stage", "subject_kind", "year")
    search_fields = ("title",)
    list_select_related = ("org",)


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "campaign", "org", "status", "rank", "score", "tier", "frozen")
    list_filter = ("status", "frozen")
    search_fields = ("title",)
    list_select_related = ("campaign", "org", "tier")


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "campaign__org"
    list_display = ("entry", "expert", "total", "version", "status", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("entry", "expert")


@admin.register(ConflictRecord)
class ConflictRecordAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "campaign__org"
    list_display = ("entry", "expert", "reasons", "created_at")
    list_select_related = ("entry", "expert")


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "campaign__org"
    list_display = ("title", "starts_on", "ends_on", "workdays", "closed_at")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "entry__campaign__org"
    list_display = ("entry", "kind", "status", "created_at", "decided_at")
    list_filter = ("status", "kind")
    exclude = ("contact",)
    list_select_related = ("entry",)


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "campaign__org"
    list_display = ("worker", "kind", "campaign", "created_at")
    list_filter = ("kind",)
    list_select_related = ("worker", "campaign")


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "user__home_org"
    list_display = ("user", "speciality", "employer", "region_code")
    list_select_related = ("user", "employer")
