"""The zero-setup demo: SQLite unless DATABASE_URL says otherwise, debug pages, the demo logins."""

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)  # noqa: F405
DEMO_MODE = True
# The demo data set and its `seed_demo` command (the top-level `demo` app, not in the installed product).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["models.W047"]  # SQLite cannot enforce one unique constraint; PostgreSQL does

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # The demo's web server, worker processes and beat share one SQLite file: writers wait for each other (WAL,
    # immediate transactions, a busy timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
