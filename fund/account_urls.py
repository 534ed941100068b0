"""Account URLs, without a namespace: Django's password views reverse their own names (`password_reset_done` ...)."""

from django.urls import path

from fund import account_views as views

urlpatterns = [
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/changed/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("security/", views.security, name="account_security"),
    path("two-factor/", views.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_enrol_view, name="two_factor_enrol"),
    path("two-factor/setup/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes_new, name="two_factor_recovery_codes_new"),
    path("two-factor/off/", views.two_factor_disable_view, name="two_factor_disable"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("locked/", views.login_lockouts, name="login_lockouts"),
    path("locked/unlock/", views.login_lockout_clear_view, name="login_lockout_clear"),
]
