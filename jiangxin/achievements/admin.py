from django.contrib import admin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import Achievement, Attachment, BenefitEntry, Completer, Patent


class CompleterInline(admin.TabularInline):
    model = Completer
    extra = 0
    can_delete = False
    readonly_fields = ("order", "worker", "share_pct")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Achievement)
class AchievementAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "enterprise"
    list_display = ("title", "kind", "enterprise", "studio", "status", "completed_on")
    list_filter = ("kind", "status", "classified", "ip_dispute")
    search_fields = ("title",)
    list_select_related = ("enterprise", "studio")
    inlines = [CompleterInline]


@admin.register(Patent)
class PatentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "achievement__enterprise"
    list_display = (
        "application_number",
        "office",
        "patent_type",
        "status",
        "grant_date",
        "achievement",
    )
    list_filter = ("office", "patent_type", "status")
    search_fields = ("application_number",)
    list_select_related = ("achievement",)


@admin.register(BenefitEntry)
class BenefitEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "achievement__enterprise"
    list_display = ("achievement", "year", "claimed_yuan", "certified_yuan", "certified_by")
    list_filter = ("year",)
    list_select_related = ("achievement", "certified_by")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "achievement__enterprise"
    list_display = ("name", "file_type", "size", "achievement", "uploaded_at")
    list_filter = ("file_type",)
    list_select_related = ("achievement",)
    exclude = ("file",)  # served only through the scoped download view
