from django.urls import path

from . import views

app_name = "selection"
urlpatterns = [
    path("", views.campaign_list_view, name="campaign_list"),
    path("new/", views.campaign_create_view, name="campaign_create"),
    path("scorecards/", views.my_scorecards_view, name="my_scorecards"),
    path("scorecards/<int:pk>/", views.scorecard_view, name="scorecard"),
    path("scorecards/<int:pk>/save/", views.scorecard_save_view, name="scorecard_save"),
    path("scorecards/<int:pk>/submit/", views.scorecard_submit_view, name="scorecard_submit"),
    path("entries/<int:pk>/", views.entry_detail_view, name="entry_detail"),
    path("entries/<int:pk>/check/", views.entry_check_view, name="entry_check"),
    path("entries/<int:pk>/certificate.pdf", views.certificate_pdf_view, name="certificate_pdf"),
    path("objections/<int:pk>/", views.objection_detail_view, name="objection_detail"),
    path("<int:pk>/", views.campaign_detail_view, name="campaign_detail"),
    path("<int:pk>/step/", views.campaign_step_view, name="campaign_step"),
    path("<int:pk>/quotas/", views.quota_view, name="quotas"),
    path("<int:pk>/nominate/", views.nominate_view, name="nominate"),
    path("<int:pk>/sheet/", views.sheet_view, name="sheet"),
    path("<int:pk>/sheet.xlsx", views.sheet_export_view, name="sheet_export"),
    path("<int:pk>/check/", views.check_list_view, name="check_list"),
    path("<int:pk>/experts/", views.experts_view, name="experts"),
    path("<int:pk>/experts/panel/", views.panel_create_view, name="panel_create"),
    path("<int:pk>/experts/profile/", views.expert_profile_view, name="expert_profile"),
    path("<int:pk>/experts/assign/", views.experts_assign_view, name="experts_assign"),
    path("<int:pk>/experts/close/", views.review_close_view, name="review_close"),
    path("<int:pk>/results/", views.results_view, name="results"),
    path("<int:pk>/results.xlsx", views.results_export_view, name="results_export"),
    path("<int:pk>/announcement/", views.announcement_view, name="announcement"),
    path("<int:pk>/publish/", views.publish_view, name="publish"),
    path("<int:pk>/award-list.pdf", views.award_list_pdf_view, name="award_list_pdf"),
]
