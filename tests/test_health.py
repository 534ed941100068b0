"""/healthz against the real services: the test PostgreSQL and Redis, and a real Celery worker process. It says `ok`
or `failing` per part and nothing more, pings the workers at most once every few seconds, and limits each client."""

import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts without a cached worker answer or request count."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
    assert response.json() == {"database": "ok", "redis": "ok", "celery": "failing"}


def test_redis_down_means_503_naming_redis_without_the_reason(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    # only the verdict: no exception class, host or port for an anonymous caller
    assert response.json() == {"database": "ok", "redis": "failing", "celery": "failing"}
    assert b"Error" not in response.content and b"127.0.0.1" not in response.content


def test_the_worker_answer_is_cached_for_a_few_seconds(client, celery_worker, settings):
    assert settings.HEALTHZ_WORKER_CACHE_SECONDS == 10
    settings.HEALTHZ_WORKER_CACHE_SECONDS = 60  # so that stopping the worker below surely takes less
    assert client.get(reverse("healthz")).json()["celery"] == "ok"
    celery_worker.terminate()
    celery_worker.wait(timeout=20)
    # the worker is gone, but for the next seconds the health check still answers from the cache (no new ping)
    assert client.get(reverse("healthz")).json()["celery"] == "ok"
    from django.core.cache import cache

    cache.delete("healthz:celery")  # as when the few seconds have passed
    assert client.get(reverse("healthz")).json()["celery"] == "failing"


def test_a_client_asking_too_often_is_refused_but_another_is_not(client, settings):
    settings.HEALTHZ_RATE_LIMIT = 3
    statuses = [client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.7").status_code for _ in range(4)]
    assert statuses == [503, 503, 503, 429]  # no worker runs here: 503 until the fourth request in the minute
    assert client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.8").status_code == 503
