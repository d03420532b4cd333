from django.contrib.auth import views as auth_views
from django.urls import include, path

from servicegap.accounts import oidc, twofactor, views

# The anonymous paths here must match servicegap.core.public.PUBLIC_PAGE_PREFIXES.
account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", twofactor.login_verify, name="login_verify"),
    path("oidc/authenticate/", oidc.oidc_start, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.oidc_callback, name="oidc_authentication_callback"),
    path("two-factor/", twofactor.two_factor, name="two_factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [path("accounts/", include(account_patterns))]
workspace_urlpatterns = [
    path("users/", views.member_list, name="member_list"),
    path("users/<int:pk>/", views.member_edit, name="member_edit"),
    path("users/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
