"""Login: by e-mail, throttled per account and per client address. The demo password works only in the demo.

Throttling is django-axes with two separate lockout parameters, each against its own limit:
- the account: the e-mail as login reads it (stripped, lowercased), so `IC2@sif.example ` and `ic2@sif.example` share
  one count, whatever address the attempts come from (`AXES_FAILURE_LIMIT`, five);
- the client address: a higher limit (`SIF_LOGIN_ADDRESS_FAILURE_LIMIT`), so one address cannot try many accounts.
The client address is `REMOTE_ADDR`, or, behind `SIF_TRUSTED_PROXY_COUNT` reverse proxies, the address the outermost
trusted proxy saw (what a client writes into X-Forwarded-For itself is never trusted).
"""

import datetime
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

DEMO_PASSWORD = "demo-sif-2026"


def email_normalise(email: str | None) -> str:
    """The e-mail as login and lockout key it: stripped and lowercased."""
    return (email or "").strip().lower()


class EmailBackend(ModelBackend):
    """Authenticates with email (case-insensitive) and password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = email_normalise(username or kwargs.get("email"))
        if not email or password is None:
            return None
        if password == DEMO_PASSWORD and not settings.DEMO_MODE:
            return None
        return super().authenticate(request, username=email, password=password, **kwargs)


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a login attempt counts against (AXES_USERNAME_CALLABLE): the normalised e-mail."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field)
    if raw is None and request is not None:
        raw = request.POST.get(field)
    return email_normalise(raw) or None


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE).

    With N trusted proxies the chain X-Forwarded-For + REMOTE_ADDR ends with the N proxies' own entries (the last proxy
    is REMOTE_ADDR, each other proxy was appended by the next one), so the client is the address N+1 from the right of
    that chain, i.e. the Nth from the right of X-Forwarded-For. Anything further left was written by the client and
    is ignored. A shorter chain (a request that did not pass all proxies) gives its leftmost address.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.SIF_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote] if remote else forwarded
    if not chain:
        return remote
    return chain[-(proxies + 1)] if len(chain) > proxies else chain[0]


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each lockout parameter.

    Axes compares one failure count with one limit (AXES_FAILURE_LIMIT, the account's). The count is the account's
    failures; an address that has reached its own, higher limit counts as locked too. A successful login clears the
    account's failures only, so logging in to one's own account does not wipe an address's count of guesses at others.
    """

    def get_failures(self, request, credentials=None) -> int:
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.SIF_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account

    def reset_user_attempts(self, request, credentials=None) -> int:
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_attempts.delete()
        return count


@dataclass(frozen=True)
class LockedAccount:
    email: str
    failures: int
    last_attempt: datetime.datetime


def locked_accounts() -> list[LockedAccount]:
    """Accounts locked now: at least AXES_FAILURE_LIMIT failed logins within the cool-off period, newest first."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [LockedAccount(r["username"], r["failures"], r["last_attempt"]) for r in rows]
