"""Promise 2: the production settings pass Django's deployment checks (``make audit`` runs
the same command in CI), and refuse to start with the development secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean environment, as on a server: nothing the test run set (DJANGO_ALLOW_ASYNC_UNSAFE
    # for Playwright, DEBUG, a test SECRET_KEY) leaks into the checked settings.
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}
    environment |= {"PRODUCTION": "1", "DEBUG": "0", "ALLOWED_HOSTS": "pacer.example"} | env
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    key = "ci-only-" + "9f3b1c7e2a5d8f4b6c0e1a3d5f7b9c2e4a6d8f0b1c3e5a7d9f"
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    result = manage("check", "--deploy")
    assert result.returncode != 0
    assert "PRODUCTION=1 needs its own SECRET_KEY" in result.stderr


def test_every_password_validator_is_on():
    names = {v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


def test_failed_logins_are_limited_by_django_axes():
    assert "axes" in settings.INSTALLED_APPS
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
