"""Logins and sessions: unlocking a locked account, two-factor enrolment, verification, new recovery codes and turning
it off, ending every session of a user. Each writes an audit event on the user it concerns."""

import secrets
import time

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fund.audit import audit_record, diff, snapshot
from fund.auth import email_normalise
from fund.choices import AccountAction
from fund.errors import DomainError, field_error
from fund.models import User
from fund.two_factor import two_factor_required

RECOVERY_CODE_COUNT = 10
# The names a user sees on the security page for their devices.
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


@transaction.atomic
def login_lockout_clear(*, actor: User, email: str) -> int:
    """Forget the failed logins counted against an account, so it can log in again at once; returns how many
    attempt records were cleared. Audited on the account's user (or, for an e-mail no user has, on the actor)."""
    email = email_normalise(email)
    cleared: int = AccessAttempt.objects.filter(username=email).delete()[0]
    subject = User.objects.filter(email=email).first() or actor
    audit_record(actor=actor, action=AccountAction.LOGIN_UNLOCKED, obj=subject, changes={"email": [email, None]})
    return int(cleared)


def totp_key_new() -> str:
    """A new TOTP secret (hex, as django-otp stores it) for a user to scan before enrolling."""
    return secrets.token_hex(20)


def _token_digits(token: str) -> int | None:
    cleaned = token.replace(" ", "").strip()
    return int(cleaned) if cleaned.isdigit() and len(cleaned) == 6 else None


@transaction.atomic
def two_factor_enrol(*, user: User, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Turn on two-factor login with the secret the user scanned, once a code from their app proves it; replaces any
    earlier devices. Returns the device and ten single-use recovery codes (shown once, never again)."""
    device = TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    digits = _token_digits(token)
    if digits is None or not totp.verify(digits, device.tolerance):
        raise field_error("token", _("That code is not right. Enter the six digits your app shows now."))
    device.last_t = totp.t()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.save()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = _recovery_codes_issue(recovery)
    audit_record(actor=user, action=AccountAction.TWO_FACTOR_ENROLLED, obj=user)
    return device, codes


def _recovery_codes_issue(device: StaticDevice) -> list[str]:
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new single-use recovery codes for a user with two-factor login on (shown once, never again); every earlier
    recovery code stops working. The recovery device itself stays, so a session verified with a recovery code stays
    verified. Audited with how many codes were left. Refused to a user without an authenticator app."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("Set up two-factor login first; its recovery codes come with it."))
    devices = StaticDevice.objects.select_for_update().filter(user=user).order_by("pk")
    recovery = devices.filter(confirmed=True).first()
    left = StaticToken.objects.filter(device__in=devices).count()
    StaticToken.objects.filter(device__in=devices).delete()
    if recovery is None:
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = _recovery_codes_issue(recovery)
    audit_record(
        actor=user,
        action=AccountAction.TWO_FACTOR_RECOVERY_CODES_RENEWED,
        obj=user,
        changes={"recovery_codes_left": [str(left), str(len(codes))]},
    )
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, token: str) -> Device | None:
    """Check a code from the authenticator app or a recovery code (used up by this); the device that accepted it, or
    None. Repeated wrong codes slow the devices down (django-otp's throttling). Accepted and refused codes are
    audited."""
    device = match_token(user, token.replace(" ", "").strip()) if token.strip() else None
    if device is None:
        audit_record(actor=user, action=AccountAction.TWO_FACTOR_REFUSED, obj=user)
    elif isinstance(device, StaticDevice):
        left = device.token_set.count()
        audit_record(
            actor=user, action=AccountAction.TWO_FACTOR_RECOVERY_USED, obj=user, changes={"left": [None, str(left)]}
        )
    else:
        audit_record(actor=user, action=AccountAction.TWO_FACTOR_VERIFIED, obj=user)
    return device


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Turn off two-factor login: refused to those who must use it."""
    if two_factor_required(user):
        raise DomainError(_("Fund managers, committee members and administrators must keep two-factor login on."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, action=AccountAction.TWO_FACTOR_DISABLED, obj=user)


# what the audit trail compares of a second-factor device; never its secret key or its recovery codes
DEVICE_AUDIT_FIELDS = ("name", "confirmed")


def device_state(device: Device) -> dict[str, str | None]:
    """A device as the audit trail compares it: its kind (TOTP app or recovery codes), name and whether it is
    confirmed, read from the database."""
    return {"device": type(device).__name__} | snapshot(device, DEVICE_AUDIT_FIELDS)


@transaction.atomic
def two_factor_device_change_record(*, actor: User, device: Device, before: dict[str, str | None]) -> None:
    """Write, on the device's user, what an administrator changed on one of their second-factor devices in the
    back-office (nothing when nothing the audit compares changed)."""
    changes = diff(before, device_state(device))
    if changes:
        audit_record(actor=actor, action=AccountAction.TWO_FACTOR_DEVICE_CHANGED, obj=device.user, changes=changes)


@transaction.atomic
def two_factor_device_delete(*, actor: User, device: Device) -> None:
    """An administrator removes one of a user's second-factor devices (a lost phone): the device is deleted and the
    removal recorded on the user. A user who must use two-factor login then has to enrol again at their next login."""
    before = device_state(device)
    user = device.user
    device.delete()
    audit_record(
        actor=actor,
        action=AccountAction.TWO_FACTOR_DEVICE_DELETED,
        obj=user,
        changes={name: [value, None] for name, value in before.items()},
    )


@transaction.atomic
def sessions_end_everywhere(*, user: User) -> None:
    """End every session of the user, on every device and browser, this one included."""
    user.session_token = secrets.token_hex(16)
    user.save(update_fields=["session_token"])
    audit_record(actor=user, action=AccountAction.SESSIONS_ENDED, obj=user)
