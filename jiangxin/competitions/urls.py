from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list_view, name="list"),
    path("new/", views.competition_create_view, name="create"),
    path("mine/", views.my_competitions_view, name="mine"),
    path("mine/tracks/<int:track_pk>/register/", views.self_register_view, name="self_register"),
    path("<int:pk>/", views.competition_detail_view, name="detail"),
    path("<int:pk>/edit/", views.competition_edit_view, name="edit"),
    path("<int:pk>/step/", views.competition_step_view, name="step"),
    path("<int:pk>/tracks/new/", views.track_create_view, name="track_create"),
    path("<int:pk>/tracks/<int:track_pk>/", views.track_edit_view, name="track_edit"),
    path("<int:pk>/stages/new/", views.stage_create_view, name="stage_create"),
    path("<int:pk>/stages/<int:stage_pk>/", views.stage_edit_view, name="stage_edit"),
    path("<int:pk>/stages/<int:stage_pk>/quotas/", views.quota_view, name="quota"),
    path("registrations/", views.registration_list_view, name="registrations"),
    path("registrations/export.xlsx", views.registration_export_view, name="registration_export"),
    path("registrations/<int:pk>/", views.registration_detail_view, name="registration_detail"),
    path(
        "registrations/<int:pk>/approve/",
        views.registration_approve_view,
        name="registration_approve",
    ),
    path(
        "registrations/<int:pk>/reject/", views.registration_reject_view, name="registration_reject"
    ),
    path(
        "registrations/<int:pk>/withdraw/",
        views.registration_withdraw_view,
        name="registration_withdraw",
    ),
    path(
        "registrations/<int:pk>/substitute/",
        views.registration_substitute_view,
        name="registration_substitute",
    ),
]
