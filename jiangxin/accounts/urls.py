from django.urls import path

from . import views, views_security

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("role/", views.role_switch_view, name="role_switch"),
    path("tokens/", views.api_tokens_view, name="api_tokens"),
    path("users/", views.user_list_view, name="user_list"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("users/<int:pk>/active/", views.user_active_view, name="user_active"),
    path("roles/<int:pk>/revoke/", views.role_revoke_view, name="role_revoke"),
    path("security/lockouts/", views_security.lockouts_view, name="lockouts"),
    path("security/users/<int:pk>/", views_security.security_user_view, name="security_user"),
    path("otp/", views_security.otp_status_view, name="otp_status"),
    path("otp/enrol/", views_security.otp_enrol_view, name="otp_enrol"),
    path("otp/verify/", views_security.otp_verify_view, name="otp_verify"),
]
