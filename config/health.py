"""GET /healthz: is the database, Redis and at least one Celery worker answering?

A project-level view: it checks the plumbing every app shares, so it lives beside the settings and the Celery app.
Anyone may ask (a load balancer or monitor has no login), so it tells no more than `ok` or `failing` per part (the
reason goes to the server log, never to the caller); the worker check, which broadcasts a ping to every worker, is
cached for HEALTHZ_WORKER_CACHE_SECONDS; and each client address may ask HEALTHZ_RATE_LIMIT times a minute (429 after).
The client address is the one the login lockout uses (django-axes: the configured trusted proxies).
"""

import logging

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from fund.access import PUBLIC, allow
from fund.auth import client_ip_address

log = logging.getLogger(__name__)
OK, FAILING = "ok", "failing"
_WORKER_KEY = "healthz:celery"


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("Health check: the database did not answer")
        return FAILING
    return OK


def _redis() -> str:
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception:
        log.exception("Health check: Redis did not answer")
        return FAILING
    return OK


def _celery() -> str:
    """At least one worker answers a ping; the answer is cached, so a flood of requests sends one ping every few s."""
    cached = cache.get(_WORKER_KEY)
    if cached is not None:
        return str(cached)
    try:
        replies = current_app.control.ping(timeout=1.0)
    except Exception:
        log.exception("Health check: pinging the Celery workers failed")
        replies = []
    if not replies:
        log.warning("Health check: no Celery worker answered within 1 s")
    state = OK if replies else FAILING
    cache.set(_WORKER_KEY, state, settings.HEALTHZ_WORKER_CACHE_SECONDS)
    return state


def _too_many(request: HttpRequest) -> bool:
    """More than HEALTHZ_RATE_LIMIT requests from this client address within a minute of its first one (a window
    that starts with the client's first request, so a burst is never split across two clock minutes)."""
    key = f"healthz:rate:{client_ip_address(request) or 'unknown'}"
    cache.add(key, 0, 60)  # the count expires a minute after the window's first request; incr keeps that expiry
    try:
        return cache.incr(key) > settings.HEALTHZ_RATE_LIMIT
    except ValueError:  # the window ended between add and incr: a new one starts
        return False


@allow(PUBLIC)
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every part `ok`, or 503 naming the failing part; 429 to a client that asks too often."""
    if _too_many(request):
        response = JsonResponse({"detail": "too many requests"}, status=429)
        response["Retry-After"] = "60"
        return response
    checks = {"database": _database(), "redis": _redis()}
    checks["celery"] = _celery() if checks["redis"] == OK else FAILING  # no broker, no worker can answer
    status = 200 if all(v == OK for v in checks.values()) else 503
    return JsonResponse(checks, status=status)
