from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, OfficialDay, OfficialYear


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "ip", "action", "object_type", "object_repr", "result")
    list_filter = ("result", "action")
    search_fields = ("username", "object_repr", "action")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- the official calendar: edits go through the services (validated, audited) ---------


class _CalendarEditorMixin:
    def _editor(self, request) -> bool:
        from .services_calendar import can_edit_calendar

        return can_edit_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return self._editor(request)

    def has_change_permission(self, request, obj=None):
        return self._editor(request)

    def has_delete_permission(self, request, obj=None):
        return self._editor(request)


@admin.register(OfficialDay)
class OfficialDayAdmin(_CalendarEditorMixin, admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    search_fields = ("name",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        from .services_calendar import official_day_remove, official_day_set

        if change and "date" in form.changed_data:
            official_day_remove(actor=request.user, day=OfficialDay.objects.get(pk=obj.pk))
        saved = official_day_set(actor=request.user, date=obj.date, kind=obj.kind, name=obj.name)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        from .services_calendar import official_day_remove

        official_day_remove(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            self.delete_model(request, day)


@admin.register(OfficialYear)
class OfficialYearAdmin(_CalendarEditorMixin, admin.ModelAdmin):
    list_display = ("year", "source", "confirmed_at", "confirmed_by")
    list_filter = ("source",)
    actions = ["confirm_years"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Confirm the schedule of the selected years"))
    def confirm_years(self, request, queryset):
        from .services_calendar import official_year_confirm

        for row in queryset:
            official_year_confirm(actor=request.user, year=row.year)

    def get_actions(self, request):
        return super().get_actions(request) if self._editor(request) else {}
