"""Issue 19: the production commands of docker-compose.yml, run here with their compose
environments on PostgreSQL and Redis (gunicorn with ``DEBUG=0``, a Celery worker, beat), and a
real Chromium through sign-in, a page with charts, an import and the health endpoint."""

from __future__ import annotations

import json
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import demo
from tests.celery_worker import BROKER_URL, wait_for
from tests.imports.conftest import FILES
from tests.production import BEHIND_PROXY, Process, free_port, local_environment
from tests.test_production_static import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.compose,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def production_web(production_site, today):
    """The session's gunicorn (the web service's environment) serving the demo organisation."""
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    return production_site


@pytest.fixture
def worker_and_beat(static_root, tmp_path):
    """The worker and beat services' commands, each with its own compose environment."""
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()
    pacer_today = {"PACER_TODAY": demo.DEMO_TODAY.isoformat()}
    worker = Process(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO"]
        + ["--concurrency=1", "--prefetch-multiplier=1", "-n", "prod-test@%h"],
        local_environment("worker", free_port(), static_root, **pacer_today),
        tmp_path / "worker.log",
    )
    beat = Process(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"]
        + [f"--schedule={tmp_path / 'celerybeat-schedule'}"],
        local_environment("beat", free_port(), static_root, **pacer_today),
        tmp_path / "beat.log",
    )
    wait_for(lambda: "ready" in worker.log() or worker.exited(), 90, "the worker", worker)
    wait_for(lambda: "beat: Starting" in beat.log() or beat.exited(), 60, "beat", beat)
    assert not worker.exited() and not beat.exited(), worker.log() + beat.log()
    yield worker, beat
    worker.stop()
    beat.stop()
    redis.Redis.from_url(BROKER_URL).flushdb()


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_sign_in_charts_import_and_health_on_the_production_commands(
    production_web, worker_and_beat, chromium
):
    worker, beat = worker_and_beat
    context = chromium.new_context(extra_http_headers=BEHIND_PROXY)
    failed: list = []
    context.on("response", lambda r: failed.append((r.url, r.status)) if r.status >= 400 else None)
    # A rep: sign in, the quarter page draws its charts.
    page = sign_in(context, production_web.url, "ae")
    page.wait_for_selector("#chart-bullet-closed_won_acv.js-plotly-plot")
    page.close()
    context.clear_cookies()
    # An admin: an import through the worker, previewed, confirmed, imported.
    page = sign_in(context, production_web.url, "admin")
    page.goto(f"{production_web.url}/imports/")
    page.select_option("#id_kind", "opportunities")
    page.select_option("#id_date_format", "MDY")
    page.set_input_files("#id_file", str(FILES / "amounts.csv"))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#confirm-form", timeout=90_000)
    page.click("#confirm-form button[type=submit]")
    # A locator's wait, not wait_for_function: the CSP forbids evaluating a string.
    expect(page.locator("#status")).to_have_text("Imported", timeout=90_000)
    assert "imported 6" in page.inner_text("#summary")
    # The health endpoint: database and Redis reachable.
    health = page.goto(f"{production_web.url}/health/")
    body = json.loads(page.inner_text("body"))
    assert health.status == 200, body
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"], body
    context.close()
    assert failed == [], failed
    # The import ran on the worker, and every process logged JSON lines to stdout.
    assert "goals.tasks.run_import" in worker.log()
    for process in (production_web, worker, beat):
        assert json_lines(process.log()), process.log()[-2000:]
