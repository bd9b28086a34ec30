"""A real Celery worker for tests: a separate process on Redis and the test database.

Use the ``celery_worker`` fixture (tests marked ``celery``, with
``pytest.mark.django_db(transaction=True)`` so the worker sees committed rows).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


class Worker:
    """A running ``celery worker`` subprocess; ``stop``, ``kill`` and ``start`` it again."""

    def __init__(self, database_url: str, log_path: Path, name: str = "") -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.name = name or f"test-{os.getpid()}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(
            os.environ,
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=BROKER_URL,
            PYTHONUNBUFFERED="1",
            DJANGO_SETTINGS_MODULE="tests.settings",
        )
        if settings.PACER_TODAY:
            env["PACER_TODAY"] = settings.PACER_TODAY.isoformat()
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                "-n",
                f"{self.name}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: b"ready." in self.log_path.read_bytes(), 60, "the worker to start", self)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def kill(self) -> None:
        """SIGKILL, as a crashed machine would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for(condition: Callable[[], bool], seconds: float, what: str, worker=None) -> None:
    """Poll ``condition`` until true or fail after ``seconds``: for real external processes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    detail = f"\n--- worker log ---\n{worker.log()[-4000:]}" if worker else ""
    pytest.fail(f"timed out after {seconds}s waiting for {what}{detail}")


def _reset_connections(app) -> None:
    """Forget pooled broker connections: an eager ``delay()`` earlier in the session creates the
    pool with the old broker URL, and a changed ``broker_url`` never reaches it."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def worker_gate(tmp_path, monkeypatch, variable: str) -> Path:
    """A folder a worker's task waits in (``tests.testgate``), named by the environment
    ``variable`` the worker reads; a short visibility timeout so Redis hands a killed worker's
    task to the next one soon (the time limits stay below it: settings refuse otherwise)."""
    folder = tmp_path / "gate"
    folder.mkdir()
    monkeypatch.setenv(variable, str(folder))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "10")
    monkeypatch.setenv("CELERY_TASK_TIME_LIMIT", "8")
    monkeypatch.setenv("CELERY_TASK_SOFT_TIME_LIMIT", "7")
    return folder


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker(transactional_db, tmp_path, settings):
    """A real worker process; while it runs, tasks go through Redis instead of in-process."""
    import redis

    from config.celery import app

    redis.Redis.from_url(BROKER_URL).flushdb()
    # Only the keys restored below: dict(app.conf) fails once a test has overridden settings.
    previous = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    _reset_connections(app)
    settings.CELERY_BROKER_URL = BROKER_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    worker = Worker(database_url(), tmp_path / "worker.log")
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.update(
            broker_url=previous.get("broker_url"),
            task_always_eager=previous.get("task_always_eager"),
        )
        _reset_connections(app)
        redis.Redis.from_url(BROKER_URL).flushdb()
