"""A sync whose process is killed mid-way (SIGKILL, a real ``manage.py salesforce_sync``
process on PostgreSQL) changes nothing, and the next sync completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from goals.models import Opportunity
from imports.models import ImportStatus
from salesforce import services
from salesforce.models import Sync, SyncStatus
from tests.imports.conftest import database_state

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process on one db"),
]


def _env_text(value) -> str:
    """A setting as its environment variable: a list comma-separated, None unset ("")."""
    if isinstance(value, list):
        return ",".join(value)
    return "" if value is None else str(value)


def sync_process() -> subprocess.Popen:
    db = connection.settings_dict
    names = [n for n in dir(settings) if n.startswith("SALESFORCE_")]
    env = {**os.environ, **{n: _env_text(getattr(settings, n)) for n in names}}
    env["SALESFORCE_MULTI_CURRENCY"] = "1"
    env["PACER_TODAY"] = settings.PACER_TODAY.isoformat()
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return subprocess.Popen(
        [sys.executable, "manage.py", "salesforce_sync"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_sync_killed_mid_way_changes_nothing_and_the_next_completes(org):
    first = services.sync()
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("1.00"))
    org.delete("0065g00000Sf004AAA")
    before = database_state()
    org.hold = threading.Event()
    process = sync_process()
    try:
        assert org.reached.wait(60), "the sync never reached its query"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        org.hold.set()
        org.hold = None
    assert database_state() == before
    stopped = Sync.objects.exclude(pk=first.pk).get()
    assert stopped.status == SyncStatus.RUNNING  # its worker died before it could say
    assert stopped.run.status != ImportStatus.DONE
    assert first.pk != stopped.pk
    done = services.sync()
    assert done.status == SyncStatus.DONE, done.message
    stopped.refresh_from_db()
    assert stopped.status == SyncStatus.FAILED and "abandoned" in stopped.message
    stopped.run.refresh_from_db()
    assert stopped.run.status == ImportStatus.FAILED and "abandoned" in stopped.run.message
    assert Opportunity.objects.get(external_id="0065g00000Sf002AAA").amount == Decimal("1.00")
    assert not Opportunity.objects.filter(external_id="0065g00000Sf004AAA").exists()
