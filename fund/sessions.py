"""Session lifetime: an idle session ends, sooner for the people who can move money.

A session records when it was last used (at login, then at most once a minute, so most requests write nothing). A
request that comes more than the idle limit after that finds the session ended and is sent to the login page with a
message:
`SIF_SESSION_IDLE_MINUTES_PRIVILEGED` (default 30) for fund managers, committee members and administrators,
`SIF_SESSION_IDLE_MINUTES` (default 120) for everyone else. `SESSION_COOKIE_AGE` bounds a session however active.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from fund.two_factor import two_factor_required

LAST_SEEN_SESSION_KEY = "sif_last_seen"
_TOUCH_EVERY_SECONDS = 60


def idle_limit_seconds(user) -> int:
    """How long this user's session may stay unused."""
    minutes = (
        settings.SIF_SESSION_IDLE_MINUTES_PRIVILEGED if two_factor_required(user) else settings.SIF_SESSION_IDLE_MINUTES
    )
    return minutes * 60


def session_start_note(sender, request, user, **kwargs) -> None:
    """A new session counts as used at login (so the first page after it writes nothing)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_SESSION_KEY] = time.time()


user_logged_in.connect(session_start_note, dispatch_uid="fund.sessions.session_start_note")


class SessionIdleTimeoutMiddleware:
    """Log out a session unused for longer than the user's idle limit; otherwise note that it was used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > idle_limit_seconds(user):
                logout(request)
                messages.info(request, _("You were logged out after a period without activity. Please log in again."))
                to_login = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                if request.headers.get("HX-Request"):  # an htmx fragment: the whole page goes to the login
                    return HttpResponse(status=204, headers={"HX-Redirect": to_login.url})
                return to_login
            if last_seen is None or now - last_seen >= _TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)
