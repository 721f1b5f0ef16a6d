from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_list_view, name="audit_list"),
    path("audit/export.xlsx", views.audit_export_view, name="audit_export"),
]
