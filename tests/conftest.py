"""Shared fixtures, and the gate for tests that need real services.

Tests marked ``postgres``, ``redis``, ``celery``, ``browser`` or ``compose`` need PostgreSQL,
Redis, a real Celery worker (Redis + PostgreSQL), Debian's Chromium or a Docker Compose client
(``docker compose`` or Debian's ``docker-compose``). Outside CI a missing service skips
them with the reason; in CI (``CI=true``) a missing service stops the run with an error.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from django.conf import settings

from tests.services import compose_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _missing_services() -> dict[str, str]:
    missing: dict[str, str] = {}
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        reason = "needs DATABASE_URL pointing at PostgreSQL (make test-postgres)"
        missing["postgres"] = missing["celery"] = reason
    if not _reachable(REDIS_HOST, REDIS_PORT):
        missing["redis"] = missing["celery"] = f"Redis on {REDIS_HOST}:{REDIS_PORT} is unreachable"
    if not CHROMIUM.exists():
        missing["browser"] = f"{CHROMIUM} is missing (apt-get install chromium)"
    if not compose_command():
        missing["compose"] = "needs a Docker Compose client (apt-get install docker-compose)"
    return missing


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Runs after ``-m`` has deselected items, so a pass that leaves the service tests out
    (``make test-sqlite``) is never stopped by them."""
    missing = _missing_services()
    in_ci = os.environ.get("CI") == "true"
    for item in items:
        for mark, reason in missing.items():
            if mark not in item.keywords:
                continue
            if in_ci:
                pytest.exit(f"CI must run {item.nodeid}, but it {reason}", returncode=3)
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def sign_in_limits(request, settings):
    """django-axes needs the request at every authenticate() call, which the test client's
    login() does not pass: limits are on only for the tests that check them."""
    settings.AXES_ENABLED = request.node.get_closest_marker("sign_in_limits") is not None


@pytest.fixture(autouse=True)
def reference_data(request):
    """RULES.md's reference data in every database test.

    A transactional test (live server, Celery worker) flushes every table when it ends, the
    rows of the data migration included; put them back for whichever test comes next.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "transactional_db" not in request.fixturenames:
        return
    # A test may ask for transactional_db by fixture, with no marker (tests/upgrade).
    transactional = (marker is not None and marker.kwargs.get("transaction", False)) or (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from goals.models import Stage
    from goals.reference import load_reference_data

    if not Stage.objects.exists():
        load_reference_data()


@pytest.fixture
def today(settings):
    """Freeze Pacer's today; call it with a date."""

    def freeze(day):
        settings.PACER_TODAY = day
        return day

    return freeze


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same
    # test (factories, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser page; any JavaScript dialog (an injected alert) fails the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Anything the Content Security Policy blocked is a page that does not work as written.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not dialogs, f"a page opened a dialog: {dialogs}"
    assert not blocked, f"the Content Security Policy blocked: {blocked}"


@pytest.fixture
def sign_in(page, live_server):
    """Log ``username`` in through the real login form."""

    def sign_in_as(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return sign_in_as


# tests.production: one gunicorn with the compose web environment for the session.
pytest_plugins = ["tests.celery_worker", "tests.production"]
