"""Test URLconf: the site's URLs plus the documents URLs (until jiangxin/urls.py mounts
them; then it is the site's URLs unchanged)."""

from django.urls import URLResolver, include, path

from jiangxin.urls import urlpatterns as site_urlpatterns

urlpatterns = list(site_urlpatterns)
if not any(isinstance(p, URLResolver) and p.namespace == "documents" for p in urlpatterns):
    urlpatterns.insert(0, path("", include("jiangxin.core.urls_documents")))
