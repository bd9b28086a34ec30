"""Issue 19: docker-compose.yml is production as documented: ``PRODUCTION=1`` with a clean
``check --deploy`` in the compose file's own environment, migrations run once before the
others start, a health check on every Pacer container, logs as JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.production import compose_environment
from tests.services import compose_command

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.compose


def resolved() -> dict:
    env = dict(os.environ, SECRET_KEY="from-the-environment")
    done = subprocess.run(
        [*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return yaml.safe_load(done.stdout)["services"]


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Only the compose environment (plus PATH/HOME), as in the container.
    environment = env | {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_the_compose_environment_of_web():
    env = compose_environment("web")
    assert env["PRODUCTION"] == "1" and env["DEBUG"] == "0"
    done = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_migrations_run_once_before_web_worker_and_beat():
    services = resolved()
    assert services["migrate"]["command"] in (
        "python manage.py migrate --noinput",
        ["python", "manage.py", "migrate", "--noinput"],
    )
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]
        assert after["migrate"]["condition"] == "service_completed_successfully", name
        assert "migrate" not in str(services[name]["command"]), name


def test_every_service_has_a_health_check():
    services = resolved()
    for name in ("web", "worker", "beat", "db", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "/health/" in " ".join(services["web"]["healthcheck"]["test"])


def test_the_web_command_serves_static_files_from_the_collected_manifest():
    done = run_manage(
        compose_environment("web"),
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND']); print(s.MIDDLEWARE[1])",
    )
    assert done.stdout.split()[-2:] == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ], done.stderr


def test_logs_go_to_stdout_as_json():
    done = run_manage(
        compose_environment("worker"),
        "shell",
        "-c",
        "import logging; logging.getLogger('pacer.test').warning('hello %s', 'there')",
    )
    line = next(ln for ln in done.stdout.splitlines() if "hello" in ln)
    record = json.loads(line)
    assert record["message"] == "hello there" and record["level"] == "WARNING"
