"""Account pages: password reset and change (Django's own flows), the security page, two-factor enrolment and the
second login step, logging out everywhere, and the administrators' list of locked logins."""

import base64
import io

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from fund import access
from fund.access import AUTHENTICATED, PUBLIC, allow
from fund.account_forms import TwoFactorCodeForm, TwoFactorEnrolForm
from fund.auth import locked_accounts
from fund.choices import Role
from fund.http import AuthenticatedHttpRequest
from fund.service_calls import FAILED, form_service_run, service_run
from fund.services.accounts import (
    login_lockout_clear,
    sessions_end_everywhere,
    totp_key_new,
    two_factor_disable,
    two_factor_enrol,
    two_factor_recovery_codes_renew,
    two_factor_verify,
)
from fund.two_factor import STEP_SESSION_KEY, STEP_VERIFY, is_verified, two_factor_required

# The secret shown on the enrolment page until a code from the app confirms it (kept in the session, not the database).
PENDING_KEY_SESSION_KEY = "sif_two_factor_pending_key"
# Below this many recovery codes left, the security page asks the user to make new ones.
RECOVERY_CODES_LOW = 3


# ---- password reset and change: Django's views, the product's templates ----------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    allowed_roles = (PUBLIC,)
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    allowed_roles = (PUBLIC,)
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    allowed_roles = (PUBLIC,)
    template_name = "accounts/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    allowed_roles = (PUBLIC,)
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    allowed_roles = (AUTHENTICATED,)
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    allowed_roles = (AUTHENTICATED,)
    template_name = "accounts/password_change_done.html"


# ---- the security page -----------------------------------------------------------------------------------------------


@allow(AUTHENTICATED)
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's login security: two-factor on or off, recovery codes left, password, sessions."""
    user = request.user
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    context = {
        "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "required": two_factor_required(user),
        "recovery_codes_left": left,
        "recovery_codes_low": left < RECOVERY_CODES_LOW,
        "is_admin": access.is_admin(user),
    }
    return render(request, "accounts/security.html", context)


# ---- two-factor ------------------------------------------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


def _session_verified(request: HttpRequest, device) -> None:
    """The second step is passed: the session carries the device; a new session key, as at login."""
    django_otp.login(request, device)
    request.session.pop(STEP_SESSION_KEY, None)
    request.session.cycle_key()


@allow(AUTHENTICATED)
def two_factor_enrol_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Scan a new secret, confirm it with a code, and see the recovery codes once."""
    user = request.user
    if user_has_device(user):
        if is_verified(request):
            messages.info(request, _("Two-factor login is already on for your account."))
            return redirect("account_security")
        request.session[STEP_SESSION_KEY] = STEP_VERIFY
        return redirect("two_factor_verify")
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        key = request.session[PENDING_KEY_SESSION_KEY] = totp_key_new()
    form = TwoFactorEnrolForm(request.POST or None)
    if request.method == "POST":
        result = form_service_run(form, lambda data: two_factor_enrol(user=user, key=key, token=data["token"]))
        if result is not None:
            device, codes = result
            request.session.pop(PENDING_KEY_SESSION_KEY, None)
            _session_verified(request, device)
            return _recovery_codes_page(request, codes, renewed=False)
    context = {
        "form": form,
        "secret": base64.b32encode(bytes.fromhex(key)).decode(),
        "required": two_factor_required(user),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@allow(AUTHENTICATED)
def two_factor_qr(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The QR code (SVG) of the secret on the enrolment page: only while it waits for confirmation."""
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        raise Http404
    device = TOTPDevice(user=request.user, key=key)
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@allow(AUTHENTICATED)
def two_factor_verify_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second login step: a code from the app, or a recovery code."""
    if is_verified(request) or request.session.get(STEP_SESSION_KEY) != STEP_VERIFY:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            _session_verified(request, device)
            return redirect(_safe_next(request))
        form.add_error(
            "token",
            _("That code is not right. Wait a moment, then enter the code your app shows now, or a recovery code."),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)})


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, renewed: bool) -> HttpResponse:
    """The page that shows recovery codes, once: never kept by a browser or proxy cache."""
    response = render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "renewed": renewed})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@allow(AUTHENTICATED)
def two_factor_recovery_codes_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Replace the user's recovery codes with ten new ones and show them once; only in a session that passed the
    second step."""
    if not is_verified(request):
        raise PermissionDenied
    user = request.user
    codes = service_run(request, lambda: two_factor_recovery_codes_renew(user=user))
    if codes is FAILED:
        return redirect("account_security")
    return _recovery_codes_page(request, codes, renewed=True)


@require_POST
@allow(AUTHENTICATED)
def two_factor_disable_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if service_run(request, lambda: two_factor_disable(user=user), _("Two-factor login is off.")) is not FAILED:
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    return redirect("account_security")


@require_POST
@allow(AUTHENTICATED)
def logout_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    """End every session of this user (this one too) and go to the login page."""
    sessions_end_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You are logged out on every device and browser."))
    return redirect(settings.LOGIN_URL)


# ---- locked logins (administrators) ----------------------------------------------------------------------------------


@allow(Role.ADMIN)
def login_lockouts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Accounts locked after repeated failed logins, each with a button to unlock it."""
    return render(request, "accounts/login_lockouts.html", {"accounts": locked_accounts()})


@require_POST
@allow(Role.ADMIN)
def login_lockout_clear_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    email = request.POST.get("email", "")
    if email:
        login_lockout_clear(actor=request.user, email=email)
        messages.success(request, _("%(email)s can log in again.") % {"email": email})
    return redirect("login_lockouts")
