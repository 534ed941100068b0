"""Which settings a process runs on is always said explicitly: no entry point (manage.py, WSGI, ASGI, Celery) falls
back to a default, because a forgotten variable on a server would otherwise run it on the demo settings (DEBUG pages,
the demo password)."""

import os

from django.core.exceptions import ImproperlyConfigured

SETTINGS_VARIABLE = "DJANGO_SETTINGS_MODULE"
MISSING = (
    f"{SETTINGS_VARIABLE} is not set, and no settings are assumed. Set it to config.settings.production on a server, "
    "or to config.settings.demo to work with the demo (while `make demo` runs: `. var/demo.env`, see README.md)."
)


def settings_module_required() -> str:
    """The settings module DJANGO_SETTINGS_MODULE names; raises ImproperlyConfigured naming the variable if unset."""
    name = os.environ.get(SETTINGS_VARIABLE, "").strip()
    if not name:
        raise ImproperlyConfigured(MISSING)
    return name
