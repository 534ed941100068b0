"""No entry point runs on settings nobody chose: without DJANGO_SETTINGS_MODULE, manage.py, WSGI, ASGI and the Celery
worker refuse to start and name the variable (they used to fall back to the demo settings: DEBUG, demo password)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "manage.py", "check"),
        (sys.executable, "-c", "import config.wsgi"),
        (sys.executable, "-c", "import config.asgi"),
        (CELERY, "-A", "config", "inspect", "ping", "--timeout", "1"),
    ],
    ids=["manage.py", "wsgi", "asgi", "celery"],
)
def test_an_entry_point_without_settings_refuses_to_start_naming_the_variable(command):
    result = _run(*command)
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set, and no settings are assumed" in result.stdout + result.stderr
    assert "System check identified" not in result.stdout  # it did not go on with some settings


def test_manage_py_runs_with_the_settings_it_is_given():
    env_settings = {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | env_settings,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
