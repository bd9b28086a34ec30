"""Pacer's production commands run here, as docker-compose.yml runs them: the environment of a
compose service (read through the Compose client, interpolation done), pointed at the test
PostgreSQL database and Redis, with ``collectstatic`` into a temporary folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.celery_worker import BROKER_URL, database_url, wait_for
from tests.services import compose_command

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "compose-test-" + "4f1d9a7c2e6b8d0f3a5c7e9b1d3f5a7c9e2b4d6f8a0c"


def compose_environment(service: str) -> dict[str, str]:
    """The environment docker-compose.yml gives ``service``, as the Compose client resolves it."""
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"SECRET_KEY": SECRET_KEY}
    done = subprocess.run(  # noqa: S603 - the Compose client, fixed arguments
        [*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    environment = yaml.safe_load(done.stdout)["services"][service]["environment"]
    if isinstance(environment, list):  # the list form: NAME=value
        environment = dict(item.split("=", 1) for item in environment)
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_environment(service: str, port: int, static_root: Path, **extra: str) -> dict[str, str]:
    """The compose environment of ``service`` with only the addresses changed: this test's
    database, Redis and port, and the static folder collected here."""
    env = compose_environment(service)
    env |= {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/"),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "ALLOWED_HOSTS": env["ALLOWED_HOSTS"],
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(static_root),
        "PYTHONUNBUFFERED": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    return env | extra


def collect_static(env: dict[str, str]) -> None:
    """``collectstatic`` as the Dockerfile runs it (hashed names, gzip and brotli copies)."""
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=900,  # brotli on every file: minutes on a loaded machine
    )


class Process:
    """A production command (gunicorn, a worker, beat) as a subprocess with its log file."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        log = log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own commands, fixed arguments
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def exited(self) -> bool:
        return self.process.poll() is not None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def gunicorn(env: dict[str, str], log_path: Path) -> Process:
    """``gunicorn`` with the web service's command line; returns once /health/ answers."""
    process = Process(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        + ["-c", "config/gunicorn.conf.py"],
        env,
        log_path,
    )
    url = f"http://{env['GUNICORN_BIND']}/health/"
    wait_for(lambda: process.exited() or answers(url) is not None, 60, url, process)
    assert not process.exited(), process.log()
    return process


def answers(url: str, headers: dict[str, str] | None = None):
    """The response to a GET (any status), or None when nothing listens yet."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.body = response.read()
            return response
    except urllib.error.HTTPError as error:
        error.body = error.read()
        return error
    except OSError:
        return None


# The TLS proxy PRODUCTION=1 assumes says the request came over HTTPS (else: a redirect).
BEHIND_PROXY = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """``collectstatic`` once, as the Dockerfile does, with the compose environment."""
    folder = tmp_path_factory.mktemp("staticfiles")
    collect_static(local_environment("web", free_port(), folder))
    return folder


@pytest.fixture(scope="session")
def production_site(django_db_setup, static_root, tmp_path_factory):
    """One gunicorn for the session, with the web service's environment (``PRODUCTION=1``,
    ``DEBUG=0``) on the test database and today frozen to the demo's day; each test loads the
    data it serves (the database is emptied between tests, the server stays)."""
    from demo import demo

    port = free_port()
    env = local_environment("web", port, static_root, PACER_TODAY=demo.DEMO_TODAY.isoformat())
    assert (env["PRODUCTION"], env["DEBUG"]) == ("1", "0")
    server = gunicorn(env, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    server.url = f"http://127.0.0.1:{port}"
    yield server
    server.stop()
