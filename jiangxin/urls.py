from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .api import api
from .core.modules import modules

admin.site.site_header = "jiangxin 匠心"
admin.site.site_title = "jiangxin"

urlpatterns = [
    path("", include("jiangxin.core.urls")),
    path("", include("jiangxin.core.urls_documents")),
    # Each module's pages and public pages (see jiangxin/core/modules.py).
    *(path(prefix, include(urlconf)) for m in modules() for prefix, urlconf in m.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# MEDIA_ROOT is never served as files, not even under DEBUG: uploads, import error
# workbooks, attachments and seals hold personal information and go out only through
# views that check who asks.
handler400 = "jiangxin.core.views.bad_request"
