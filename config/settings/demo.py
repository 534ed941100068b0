"""The zero-setup demo: SQLite unless DATABASE_URL says otherwise, debug pages, the demo logins."""

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)  # noqa: F405
DEMO_MODE = True
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["models.W047"]  # SQLite cannot enforce one unique constraint; PostgreSQL does
