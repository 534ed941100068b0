"""/healthz against the real services: the test PostgreSQL and Redis, and a real Celery worker process."""

import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def celery_worker():
    from config.celery import app

    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-P",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"healthz-{os.getpid()}@%h",
            "-l",
            "warning",
            # A queue of its own: the worker must answer pings, not run tasks that other tests queued.
            "-Q",
            f"healthz-{os.getpid()}",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while not app.control.ping(timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Celery worker did not start: {process.stdout.read().decode()[-2000:]}")
    yield process
    process.terminate()
    process.wait(timeout=20)


def test_all_three_parts_ok_with_a_running_worker(client, celery_worker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "celery": "ok"}


def test_no_worker_means_503_naming_celery(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["redis"]) == ("ok", "ok")
    assert body["celery"].startswith("error: no Celery worker")


def test_redis_down_means_503_naming_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error:")
