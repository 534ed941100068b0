"""Project-level guarantees: migrations match the models, production settings pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    # A production-like environment: without the test session's own switches (the browser tests lift Django's
    # async guard for Playwright, which the deploy checks rightly refuse).
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_migrations_match_the_models():
    result = _manage("makemigrations", "--check", "--dry-run", DJANGO_SETTINGS_MODULE="config.settings.test")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_pass_the_deploy_checks_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="sif.example",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://sif@127.0.0.1/sif"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="",
        DATABASE_URL="postgres://sif@127.0.0.1/sif",
        DJANGO_ALLOWED_HOSTS="sif.example",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
