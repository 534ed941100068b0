#!/usr/bin/env python
"""Django's command-line utility. DJANGO_SETTINGS_MODULE must be set: it refuses to guess (config/environment.py)."""

import sys

from django.core.exceptions import ImproperlyConfigured


def main() -> None:
    try:
        from config.environment import settings_module_required

        settings_module_required()
    except ImproperlyConfigured as exc:
        sys.exit(f"manage.py: {exc}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
