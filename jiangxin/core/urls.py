from django.urls import path

from . import pickers, views, views_calendar, views_jobs

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("pick/<str:kind>/", pickers.pick_view, name="pick"),
    path("audit/", views.audit_list_view, name="audit_list"),
    path("audit/export.xlsx", views.audit_export_view, name="audit_export"),
    path("calendar/", views_calendar.calendar_view, name="calendar"),
    path("calendar/remove/", views_calendar.calendar_day_remove_view, name="calendar_day_remove"),
    path("calendar/confirm/", views_calendar.calendar_year_confirm_view, name="calendar_confirm"),
    path("imports/<str:name>/", views_jobs.import_upload_view, name="import_upload"),
    path(
        "imports/<str:name>/template.xlsx", views_jobs.import_template_view, name="import_template"
    ),
    path("jobs/<int:pk>/", views_jobs.job_detail_view, name="job_detail"),
    path("jobs/<int:pk>/errors.xlsx", views_jobs.job_errors_view, name="job_errors"),
    path("jobs/<int:pk>/file", views_jobs.job_export_view, name="job_export"),
]
