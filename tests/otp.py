"""The codes an authenticator app would show, computed in the test (RFC 6238 TOTP through django-otp's own oath)."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(key_hex: str, last_t: int = -1, step: int = 30) -> str:
    """The code an app shows now for the secret (hex, as django-otp stores it). When this time step's code was used
    already (`last_t`), the next step's: django-otp accepts one step ahead and never a step twice."""
    totp = TOTP(bytes.fromhex(key_hex), step=step)
    totp.time = time.time()
    if totp.t() <= last_t:
        totp.time += step
    return f"{totp.token():06d}"


def user_totp_code(email: str) -> str:
    """The current code of the user's authenticator (the demo's managers, committee members and admin have one)."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    return totp_code(device.key, device.last_t, device.step)
