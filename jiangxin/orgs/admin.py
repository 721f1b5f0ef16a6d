from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from jiangxin.core.admin_scoping import ScopedAdminMixin

from .models import Org


@admin.register(Org)
class OrgAdmin(ScopedAdminMixin, TreeAdmin):
    scope_org_field = None
    form = movenodeform_factory(Org)
    list_display = ("name", "kind", "uscc", "region_code", "industry", "is_active")
    list_filter = ("kind", "industry", "is_active")
    search_fields = ("name", "uscc", "region_code")
