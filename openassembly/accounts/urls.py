from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/two-factor/", views.totp_verify, name="totp_verify"),
    path("accounts/two-factor/setup/", views.totp_setup, name="totp_setup"),
    path("accounts/two-factor/recovery/", views.totp_recovery, name="totp_recovery"),
    path("accounts/two-factor/replace/", views.totp_replace, name="totp_replace"),
    path("accounts/claim/", views.ClaimView.as_view(), name="claim"),
    path(
        "accounts/claim/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/claim_sent.html"),
        name="claim_sent",
    ),
    path(
        "accounts/claim/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/claim_confirm.html",
            success_url=reverse_lazy("accounts:login"),
        ),
        name="claim_confirm",
    ),
    path("accounts/password/forgotten/", views.ForgottenPasswordView.as_view(),
         name="password_reset"),
    path(
        "accounts/password/forgotten/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/reset_complete.html"),
        name="password_reset_complete",
    ),
    path("o/<slug:org>/me/api-tokens/", views.api_tokens, name="api_tokens"),
    path("o/<slug:org>/me/api-tokens/<int:pk>/revoke/", views.api_token_revoke,
         name="api_token_revoke"),
    path("o/<slug:org>/officers/actions/", views.actions, name="actions"),
    path("o/<slug:org>/officers/actions/<int:pk>/", views.action_decide, name="action_decide"),
]
