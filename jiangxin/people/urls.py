from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.worker_list_view, name="worker_list"),
    path("new/", views.worker_create_view, name="worker_create"),
    path("export.xlsx", views.worker_export_view, name="worker_export"),
    path("me/", views.my_profile_view, name="my_profile"),
    path("honours/verify/", views.honour_queue_view, name="honour_queue"),
    path("honours/<int:pk>/verify/", views.honour_verify_view, name="honour_verify"),
    path("honours/<int:pk>/reject/", views.honour_reject_view, name="honour_reject"),
    path("<int:pk>/", views.worker_detail_view, name="worker_detail"),
    path("<int:pk>/edit/", views.worker_edit_view, name="worker_edit"),
    path("<int:pk>/unmask/", views.worker_unmask_view, name="worker_unmask"),
    path("<int:pk>/honours/new/", views.honour_add_view, name="honour_add"),
    path("<int:pk>/skills/new/", views.promotion_add_view, name="promotion_add"),
    path("<int:pk>/passport/", views.passport_view, name="passport"),
    path("<int:pk>/passport.pdf", views.passport_pdf_view, name="passport_pdf"),
]
