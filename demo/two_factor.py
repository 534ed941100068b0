"""Two-factor login for the demo's privileged logins: each enrolled with a fixed TOTP secret (base32, as authenticator
apps and `oathtool --totp -b SECRET` take it), so anyone trying the demo can produce the codes. Demo only: a real
secret is made at enrolment and never printed."""

import base64

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from fund.models import User
from fund.services.accounts import AUTHENTICATOR_NAME

# email: base32 TOTP secret (160 bits), for every login that must use two-factor (managers, committee, admin).
DEMO_TOTP_SECRETS = {
    "admin@sif.example": "KAQ56EJ7YJNQNWX2CESD4IFAJDQOOXNF",
    "manager@sif.example": "LYIIBNBXZQCACGOJ6AT47TINN4TBO6IG",
    "manager2@sif.example": "RMVOWGRROEQ4N7VT7XCFNRMZYW4CFHNX",
    "ic@sif.example": "NUR76E2AUBUVO5AT2CKZ4RTDARPJSO2N",
    "ic2@sif.example": "PJKWNNEI6DWRNTGGTZ5ZJDBY7U2CCUUI",
    "ic3@sif.example": "JOR4VG3EUKXX7GPKKKUF7LFX7FU7SEGQ",
    "ic4@sif.example": "ZDQHBV6P4YO4IZ5G2URUYQMBPMG3TT3K",
    "ic5@sif.example": "PJQTZJ4GAWIQ72WLX3DUMXD27CKLWX67",
    "ic6@sif.example": "FOBDIX5HOHLVTBQRUR2HMY2GMA6FG7UB",
}


def totp_key_hex(secret: str) -> str:
    """The base32 secret as django-otp stores it (hex)."""
    return base64.b32decode(secret).hex()


@transaction.atomic
def demo_seed() -> None:
    """Enrol each privileged demo login with its fixed secret (left as it is where it is enrolled already)."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    for user in User.objects.filter(email__in=DEMO_TOTP_SECRETS):
        TOTPDevice.objects.get_or_create(
            user=user,
            confirmed=True,
            defaults={"name": AUTHENTICATOR_NAME, "key": totp_key_hex(DEMO_TOTP_SECRETS[user.email])},
        )
