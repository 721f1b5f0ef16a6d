from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list_view, name="list"),
    path("export.xlsx", views.org_export_view, name="export"),
    path("<int:pk>/", views.org_detail_view, name="detail"),
    path("<int:pk>/edit/", views.org_edit_view, name="edit"),
    path("<int:pk>/move/", views.org_move_view, name="move"),
    path("<int:parent_pk>/new/", views.org_create_view, name="create"),
]
