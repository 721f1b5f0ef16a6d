"""The public showcase, mounted at /showcase/ (no login)."""

from django.urls import path

from . import views_public

app_name = "showcase"
urlpatterns = [
    path("studios/", views_public.showcase_studio_list_view, name="studios"),
    path("studios/<int:pk>/", views_public.showcase_studio_detail_view, name="studio"),
    path("craftsmen/<int:worker_pk>/", views_public.showcase_craftsman_view, name="craftsman"),
]
