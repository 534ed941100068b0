"""Response headers every page carries beside Django's own (X-Frame-Options, nosniff, Referrer-Policy) and the
Content-Security-Policy that django-csp sets: a Permissions-Policy that switches off every browser feature the product
never uses, so neither an injected script nor a framed page can ask for the camera, the location or a payment."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy(features: list[str]) -> str:
    """`camera=(), microphone=(), …`: each feature allowed to no origin at all."""
    return ", ".join(f"{feature}=()" for feature in features)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY_DISABLED) to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY_DISABLED)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
