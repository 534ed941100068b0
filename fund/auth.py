"""Login by email. The demo password is refused outside the demo settings."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_PASSWORD = "demo-sif-2026"


class EmailBackend(ModelBackend):
    """Authenticates with email (case-insensitive) and password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        if password == DEMO_PASSWORD and not settings.DEMO_MODE:
            return None
        return super().authenticate(request, username=email, password=password, **kwargs)
