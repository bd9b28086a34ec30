"""Issue 19: /health/ checks the database, Redis and the last nightly recompute, without
signing in and without naming any data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from goals.models import RecomputeRun

pytestmark = pytest.mark.django_db


def nightly(status, hours_ago):
    finished = timezone.now() - timedelta(hours=hours_ago)
    run = RecomputeRun.objects.create(
        first_day=finished.date(), last_day=finished.date(), trigger="nightly", status=status
    )
    RecomputeRun.objects.filter(id=run.id).update(started_at=finished, finished_at=finished)


def test_a_new_installation_is_healthy_before_its_first_night(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
    assert body["checks"]["nightly_recompute"]["detail"] == "no nightly run yet"
    assert "no-store" in response["Cache-Control"]


def test_a_recent_nightly_run_is_healthy(client):
    nightly(RecomputeRun.Status.SUCCEEDED, hours_ago=3)
    assert client.get("/health/").status_code == 200


def test_a_failed_nightly_run_answers_503(client):
    nightly(RecomputeRun.Status.SUCCEEDED, hours_ago=27)
    nightly(RecomputeRun.Status.FAILED, hours_ago=3)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["nightly_recompute"]["detail"] == "the last nightly run failed"


def test_a_stale_nightly_run_answers_503(client):
    nightly(RecomputeRun.Status.SUCCEEDED, hours_ago=27)
    response = client.get("/health/")
    assert response.status_code == 503
    assert not response.json()["checks"]["nightly_recompute"]["ok"]


def test_an_unreachable_redis_answers_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False
