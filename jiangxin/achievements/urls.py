from django.urls import path

from . import views

app_name = "achievements"
urlpatterns = [
    path("", views.achievement_list_view, name="list"),
    path("new/", views.achievement_submit_view, name="submit"),
    path("similar/", views.achievement_similar_view, name="similar"),
    path("export.xlsx", views.achievement_export_view, name="export"),
    path("<int:pk>/", views.achievement_detail_view, name="detail"),
    path("<int:pk>/edit/", views.achievement_edit_view, name="edit"),
    path("<int:pk>/completers/", views.completers_view, name="completers"),
    path("<int:pk>/status/", views.achievement_transition_view, name="transition"),
    path("<int:pk>/patents/new/", views.patent_add_view, name="patent_add"),
    path("<int:pk>/benefit/new/", views.benefit_claim_view, name="benefit_claim"),
    *(
        path(
            f"patents/<int:pk>/{step}/",
            views.patent_step_view,
            {"step": step},
            name=f"patent_{step}",
        )
        for step in ("grant", "reject", "lapse")
    ),
    path("benefit/claims/", views.benefit_bulk_view, name="benefit_bulk"),
    path("benefit/<int:pk>/certify/", views.benefit_certify_view, name="benefit_certify"),
    path("<int:pk>/attachments/new/", views.attachment_add_view, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download_view, name="attachment_download"),
]
