"""Pacer's measured steps, each run in its own process by ``bench.run``.

    python -m bench.steps import PATH [AT]   # the opportunity import (commit), taken at AT
    python -m bench.steps recompute DAY      # the nightly recompute of DAY
    python -m bench.steps pages              # session cookies and page query counts
    python -m bench.steps movement Q FROM TO # manage.py pipeline_movement, whole org
    python -m bench.steps movement-pages     # the manager of 50's cookie for the movement page

Each prints JSON; ``seconds`` is the work alone (Django's start-up is not counted, just as the
floors do not count pandas' import), so Pacer and its floor are timed alike.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def import_step(path: str, taken_at: str = "") -> dict[str, object]:
    """The real import path (``imports.services.import_file``): the upsert and the deal
    history (``OpportunityState``) in one transaction; ``taken_at`` (ISO, with its offset) is
    the moment the export was taken, as ``--taken-at`` gives it."""
    from datetime import datetime

    from imports.services import import_file

    moment = datetime.fromisoformat(taken_at) if taken_at else None
    started = time.perf_counter()
    run = import_file("opportunities", path, date_format="MDY", taken_at=moment)
    seconds = time.perf_counter() - started
    if run.error_count:
        raise SystemExit(f"import of {path} has {run.error_count} error(s): {run.errors[:3]}")
    return {
        "seconds": seconds,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "states": run.states_recorded,
        **history_size(),
    }


def history_size() -> dict[str, int]:
    """Rows of the deal history and its bytes on disk (table, indexes and TOAST)."""
    from goals.history_models import OpportunityState

    table = OpportunityState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), pg_total_relation_size(%s) FROM {table}", [table])  # noqa: S608
        rows, size = cursor.fetchone()
    return {"history_rows": rows, "history_bytes": size}


def movement_step(quarter: str, day_from: str, day_to: str) -> dict[str, object]:
    """``manage.py pipeline_movement`` for the whole org (every active AE), as CSV."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command(
        "pipeline_movement", quarter=quarter, day_from=day_from, day_to=day_to, format="csv",
        stdout=out,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": out.getvalue().count("\n") - 1}


def recompute_step(day: str) -> dict[str, object]:
    from goals.recompute import recompute_day

    started = time.perf_counter()
    result = recompute_day(date.fromisoformat(day), trigger="bench")
    return {"seconds": time.perf_counter() - started, "people": result.people, "rows": result.rows}


def cookie_for(person) -> str:
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(username=person.email)
    person.user = user
    person.save(update_fields=["user"])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def cpu_ms(cookie: str, url: str, runs: int = 7) -> float:
    """Median CPU time of this process per request, in ms: the server's own work, which other
    processes on a shared machine slow down far less than its wall-clock time."""
    from statistics import median

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    client.get(url)  # warm: imports, templates, connection
    times = []
    for _ in range(runs):
        started = time.process_time()
        client.get(url)
        times.append((time.process_time() - started) * 1000)
    return median(times)


def query_count(cookie: str, url: str) -> int:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(context.captured_queries)


def pages_step() -> dict[str, object]:
    """Cookies of a rep and of the manager of 50 (whose team owns the page data), and the
    query counts of the team page for that manager and for a manager of two (an AE, an SDR:
    the same kinds of people, so only the size differs)."""
    from people.models import Person, Role

    rep = Person.objects.get(email="rep000@bench.example")
    manager = Person.objects.get(email="manager0@bench.example")
    small = Person.objects.create(
        name="Bench Manager of two", email="manager-small@bench.example", role=Role.MANAGER
    )
    Person.objects.filter(email__in=["rep449@bench.example", "sdr49@bench.example"]).update(
        manager=small
    )
    found = {
        "rep_id": rep.id,
        "rep_cookie": cookie_for(rep),
        "manager_cookie": cookie_for(manager),
        "team_size": Person.objects.filter(manager=manager).count(),
    }
    small_cookie = cookie_for(small)
    other = Person.objects.get(email="rep001@bench.example")
    found["queries"] = {
        "team page, manager of 50": query_count(found["manager_cookie"], "/team/"),
        "team page, manager of 2": query_count(small_cookie, "/team/"),
        "rep page, rep000": query_count(found["rep_cookie"], f"/people/{rep.id}/quarter/"),
        "rep page, rep001": query_count(cookie_for(other), f"/people/{other.id}/quarter/"),
    }
    found["cpu_ms"] = {
        "rep page": cpu_ms(found["rep_cookie"], f"/people/{rep.id}/quarter/"),
        "team page": cpu_ms(found["manager_cookie"], "/team/"),
    }
    return found


def movement_pages_step() -> dict[str, object]:
    """The manager of 50's cookie and id, for the movement page and API over the history."""
    from people.models import Person

    manager = Person.objects.get(email="manager0@bench.example")
    cookie = cookie_for(manager)
    page = f"/people/{manager.id}/movement/"
    return {
        "manager_id": manager.id,
        "manager_cookie": cookie,
        "team_size": Person.objects.filter(manager=manager).count(),
        "queries": {"movement page, manager of 50": query_count(cookie, page)},
        "cpu_ms": {"movement page": cpu_ms(cookie, page)},
    }


if __name__ == "__main__":
    what, *arguments = sys.argv[1:]
    steps = {
        "import": import_step,
        "recompute": recompute_step,
        "pages": pages_step,
        "movement": movement_step,
        "movement-pages": movement_pages_step,
    }
    print(json.dumps(steps[what](*arguments)))
