"""Two-factor login (django-otp: a TOTP authenticator app, ten single-use recovery codes).

Who must use it: fund managers, committee members and administrators (anyone who can move money or decide on it,
`two_factor_required`); everyone else may turn it on from the security page.

After the password, `TwoFactorMiddleware` holds a session at the second step until it is verified:
- a user with a confirmed device can open nothing but the code page (and log out, switch language);
- a user who must use two-factor but has no device yet can open nothing but the enrolment page.
A verified session carries django-otp's device id (`django_otp.DEVICE_ID_SESSION_KEY`); the step a login starts
at is decided once, when the password is accepted (`login_step_decide`), so a verified page costs no extra query.
"""

from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from fund import access
from fund.roles import MANAGERS_AND_COMMITTEE

# The session's pending second step: "verify" (enter a code) or "" (none unless two-factor is required).
STEP_SESSION_KEY = "sif_two_factor_step"
STEP_VERIFY = "verify"

# Pages a session waiting at the second step may open, besides the step's own page.
_ALWAYS_OPEN = frozenset({"logout", "set_language"})
_STEP_PAGES = {
    STEP_VERIFY: frozenset({"two_factor_verify"}),
    "enrol": frozenset({"two_factor_enrol", "two_factor_qr"}),
}


def two_factor_required(user) -> bool:
    """Must use a second factor: administrators (and any back-office user), fund managers, committee members."""
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return bool(access.role_names(user) & set(MANAGERS_AND_COMMITTEE))


def is_verified(request: HttpRequest) -> bool:
    """This session has passed the second step."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def pending_step(request: HttpRequest) -> str | None:
    """The second step this session still has to take: "verify", "enrol", or None."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if request.session.get(STEP_SESSION_KEY) == STEP_VERIFY:
        return STEP_VERIFY
    return "enrol" if two_factor_required(user) else None


def login_step_decide(sender, request, user, **kwargs) -> None:
    """When the password is accepted: a user with a confirmed device must enter a code next."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[STEP_SESSION_KEY] = STEP_VERIFY if user_has_device(user) else ""


user_logged_in.connect(login_step_decide, dispatch_uid="fund.two_factor.login_step_decide")


def step_url(step: str, next_path: str = "") -> str:
    url = reverse("two_factor_verify" if step == STEP_VERIFY else "two_factor_enrol")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


class TwoFactorMiddleware:
    """Refuse every page but the second step's own to a session that has not passed it (redirect there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        step = pending_step(request)
        if step is None:
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in _ALWAYS_OPEN or name in _STEP_PAGES[step]:
            return None
        next_path = request.get_full_path() if request.method == "GET" else ""
        return HttpResponseRedirect(step_url(step, next_path))
