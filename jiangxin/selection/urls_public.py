"""The public announcements (公示), mounted at /announcements/ (no login)."""

from django.urls import path

from . import views

app_name = "announcements"
urlpatterns = [
    path("", views.public_list_view, name="list"),
    path("objection/", views.public_objection_status_view, name="objection_status"),
    path("<uuid:uuid>/", views.public_detail_view, name="detail"),
    path("<uuid:uuid>/object/", views.public_object_view, name="object"),
]
