from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .api import api

admin.site.site_header = "jiangxin 匠心"
admin.site.site_title = "jiangxin"

urlpatterns = [
    path("", include("jiangxin.core.urls")),
    path("", include("jiangxin.core.urls_documents")),
    path("accounts/", include("jiangxin.accounts.urls")),
    path("orgs/", include("jiangxin.orgs.urls")),
    path("people/", include("jiangxin.people.urls")),
    path("studios/", include("jiangxin.studios.urls")),
    path("achievements/", include("jiangxin.achievements.urls")),
    path("showcase/", include("jiangxin.studios.urls_public")),
    path("selection/", include("jiangxin.selection.urls")),
    path("announcements/", include("jiangxin.selection.urls_public")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
