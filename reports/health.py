"""``/health/``: is this deployment able to serve? The database, the task queue (Redis) and the
last nightly recompute, each answered in JSON; 200 when all pass, 503 otherwise.

Container health checks and uptime monitors call it without signing in, so it names no data:
only each check's state and, for the nightly run, when it last finished.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from goals.models import RecomputeRun


def database_check() -> dict:
    """One ``SELECT 1`` on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure of the driver is "down", with its class
        return {"ok": False, "detail": f"unreachable ({type(error).__name__})"}
    return {"ok": True, "detail": "reachable"}


def redis_check() -> dict:
    """A PING to the broker, with the broker's short connection timeout; in-process tasks
    (no ``CELERY_BROKER_URL``) need no Redis."""
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "detail": "not configured: tasks run in-process"}
    import redis

    timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        client.ping()
    except (redis.RedisError, OSError) as error:
        return {"ok": False, "detail": f"unreachable ({type(error).__name__})"}
    return {"ok": True, "detail": "reachable"}


def nightly_check(*, now=None) -> dict:
    """The last nightly recompute succeeded within ``HEALTH_NIGHTLY_MAX_AGE_HOURS``; a new
    installation that has not reached its first night yet passes and says so."""
    now = now or timezone.now()
    last = RecomputeRun.objects.filter(trigger="nightly").order_by("-started_at").first()
    if last is None:
        return {"ok": True, "detail": "no nightly run yet", "last_success": None}
    success = (
        RecomputeRun.objects.filter(trigger="nightly", status=RecomputeRun.Status.SUCCEEDED)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    shown = success.isoformat() if success else None
    if last.status in (RecomputeRun.Status.FAILED, RecomputeRun.Status.ABANDONED):
        return {"ok": False, "detail": f"the last nightly run {last.status}", "last_success": shown}
    max_age = timedelta(hours=settings.HEALTH_NIGHTLY_MAX_AGE_HOURS)
    if last.status == RecomputeRun.Status.RUNNING and success is None:
        return {"ok": True, "detail": "the first nightly run is running", "last_success": None}
    if success is None or now - success > max_age:
        return {"ok": False, "detail": "no successful nightly run recently", "last_success": shown}
    return {"ok": True, "detail": "recent", "last_success": shown}


@never_cache
@require_GET
def health(request):
    """Every check, and 503 when one fails."""
    checks = {"database": database_check(), "redis": redis_check()}
    checks["nightly_recompute"] = (
        nightly_check() if checks["database"]["ok"] else {"ok": False, "detail": "no database"}
    )
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
