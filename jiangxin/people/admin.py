from django.contrib import admin

from jiangxin.core.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import Honour, HonourType, SkillPromotion, Worker


@admin.register(Worker)
class WorkerAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "employer"
    list_display = ("name", "id_masked", "employer", "occupation", "skill_level", "first_line")
    list_filter = ("first_line", "migrant", "skill_level")
    search_fields = ("name",)
    exclude = ("id_cipher", "id_hash")
    list_select_related = ("employer",)


@admin.register(HonourType)
class HonourTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "category", "counts_for_creation_rate", "is_active")
    list_filter = ("level", "category", "is_active")


@admin.register(Honour)
class HonourAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "worker__employer"
    list_display = ("worker", "honour_type", "year", "awarding_body", "document_number")
    list_filter = ("honour_type", "year")
    list_select_related = ("worker", "honour_type")


@admin.register(SkillPromotion)
class SkillPromotionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_org_field = "worker__employer"
    list_display = ("worker", "level", "date", "evidence_kind")
