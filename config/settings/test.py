"""The test suite: PostgreSQL from DATABASE_URL (make test starts a throwaway one), fast hashing."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
DEMO_MODE = True
# The tests seed the demo data set too (tests/conftest.py).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 5
# Uploads and report files go to a scratch folder, never into the working tree (worker processes use the same one).
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ.get("SIF_TEST_MEDIA", str(Path(tempfile.gettempdir()) / "sif-test-media"))},
}
