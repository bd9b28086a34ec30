"""The Celery app's settings for a recompute that must not be lost nor run twice at once, the
nightly beat schedule, and the docker-compose file that runs it all."""

import os
import subprocess
import sys

import yaml
from celery.schedules import crontab

from config.celery import app
from goals.tasks import recompute_attainment
from tests.celery_worker import ROOT


def settings_in_a_fresh_process(expression: str, **env) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        f"from django.conf import settings; print({expression})"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_nightly_recompute_runs_at_two_by_default():
    entry = app.conf.beat_schedule["nightly-recompute"]
    assert entry["task"] == recompute_attainment.name
    assert entry["schedule"] == crontab(hour=2, minute=0)
    assert entry["kwargs"] == {"nightly": True}


def test_nightly_recompute_time_comes_from_the_environment():
    done = settings_in_a_fresh_process(
        "settings.CELERY_BEAT_SCHEDULE['nightly-recompute']['schedule']",
        NIGHTLY_RECOMPUTE_TIME="03:30",
    )
    assert "<crontab: 30 3 * * *" in done.stdout


def test_beat_runs_in_pacers_time_zone(settings):
    assert app.conf.timezone == settings.TIME_ZONE


def test_recompute_is_acknowledged_late_and_requeued_when_a_worker_dies():
    assert recompute_attainment.acks_late is True
    assert recompute_attainment.reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_recompute_retries_a_bounded_number_of_times():
    assert recompute_attainment.max_retries == 5


def test_time_limits_stay_below_the_visibility_timeout():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility == 3600


def test_a_time_limit_above_the_visibility_timeout_is_refused():
    done = settings_in_a_fresh_process(
        "settings.CELERY_TASK_TIME_LIMIT",
        CELERY_VISIBILITY_TIMEOUT="60",
        CELERY_TASK_TIME_LIMIT="90",
    )
    assert done.returncode != 0
    assert "time limit < visibility timeout" in done.stderr


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_postgres_and_redis():
    services = compose()["services"]
    assert set(services) == {"migrate", "web", "worker", "beat", "db", "redis"}
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")


def test_compose_gives_every_pacer_service_the_database_and_the_broker():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].endswith("@db:5432/pacer"), name
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0", name
        assert services[name]["build"] == "."
    assert (ROOT / "Dockerfile").exists()
