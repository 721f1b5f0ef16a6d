from django.urls import path

from . import views, views_rate

app_name = "studios"
urlpatterns = [
    path("", views.studio_list_view, name="list"),
    path("export.xlsx", views.studio_export_view, name="export"),
    path("apply/", views.studio_apply_view, name="apply"),
    path("<int:pk>/", views.studio_detail_view, name="detail"),
    path("<int:pk>/review/", views.studio_review_view, name="review"),
    path("<int:pk>/resubmit/", views.studio_resubmit_view, name="resubmit"),
    path("<int:pk>/name/", views.studio_name_view, name="name"),
    path("<int:pk>/certificate.pdf", views.studio_certificate_view, name="certificate"),
    path("<int:pk>/report/", views.studio_report_view, name="report"),
    path("<int:pk>/assess/", views.studio_assess_view, name="assess"),
    path("<int:pk>/revoke/", views.studio_revoke_view, name="revoke"),
    path("<int:pk>/members/add/", views.studio_member_add_view, name="member_add"),
    path("members/<int:pk>/remove/", views.studio_member_remove_view, name="member_remove"),
    path("creation-rate/", views_rate.creation_rate_view, name="rate"),
    path("creation-rate/<int:org_pk>/", views_rate.creation_rate_view, name="rate_org"),
    path(
        "creation-rate/<int:org_pk>/without/",
        views_rate.creation_rate_without_view,
        name="rate_without",
    ),
    path(
        "creation-rate/<int:org_pk>/target/",
        views_rate.creation_rate_target_view,
        name="rate_target",
    ),
]
