"""The request type every declared view receives.

`AuthenticatedHttpRequest` is used only in annotations; at run time the views get Django's own `HttpRequest`.
It states two facts the type stubs cannot know:
- `user` is a signed-in, active `User`, never `AnonymousUser`: `fund.access.DefaultDenyMiddleware` sends anonymous
  users to the login page and refuses inactive ones before any view that declared roles (`@allow(...)`,
  `allowed_roles`) or `AUTHENTICATED` runs. Only views declared `PUBLIC` (login, logout, the health
  check, the language switch) may see an anonymous user; they keep the plain `HttpRequest`.
- `htmx` is the `HtmxDetails` that `django_htmx.middleware.HtmxMiddleware` sets on every request.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from fund.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
