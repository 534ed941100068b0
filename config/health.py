"""GET /healthz: is the database, Redis and at least one Celery worker answering?

A project-level view: it checks the plumbing every app shares, so it lives beside the settings and the Celery app.
"""

from celery import current_app
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from fund.access import PUBLIC, allow


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok"


def _redis() -> str:
    import redis
    from django.conf import settings

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok"


def _celery() -> str:
    try:
        replies = current_app.control.ping(timeout=1.0)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok" if replies else "error: no Celery worker answered within 1 s"


@allow(PUBLIC)
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "redis": _redis()}
    checks["celery"] = _celery() if checks["redis"] == "ok" else "error: Redis is down, so no worker can answer"
    status = 200 if all(v == "ok" for v in checks.values()) else 503
    return JsonResponse(checks, status=status)
