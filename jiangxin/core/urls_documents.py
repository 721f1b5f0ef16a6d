"""Issued documents: the public verification page and the PDF download.

Mounted at the site root: `path("", include("jiangxin.core.urls_documents"))`."""

from django.urls import path

from . import views_verify

app_name = "documents"
urlpatterns = [
    path("verify/<str:token>/", views_verify.verify, name="verify"),
    path("documents/<uuid:uuid>/pdf", views_verify.document_pdf, name="pdf"),
]
