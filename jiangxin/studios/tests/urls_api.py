"""Used by the API tests only while jiangxin/api.py does not mount the studios router yet:
the site's URLs with an API that has it (same auth, same 404 handler)."""

from django.http import Http404
from django.urls import path
from ninja import NinjaAPI

from jiangxin.api import TokenAuth
from jiangxin.orgs.api import router as orgs_router
from jiangxin.urls import urlpatterns as site_urlpatterns

api = NinjaAPI(
    title="jiangxin API (studios test)",
    version="studios-test",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


api.add_router("/orgs", orgs_router)
api.add_router("/studios", "jiangxin.studios.api.router")  # the line for jiangxin/api.py

urlpatterns = [path("api/v1/", api.urls)] + [
    p for p in site_urlpatterns if getattr(p, "namespace", None) != "api"
]
