"""One sync at a time, retries with backoff when Salesforce asks to wait, a multi-currency org."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from goals.history_models import OpportunityState, StateSource
from goals.models import Opportunity
from imports.models import CurrencyRate
from salesforce import services
from salesforce.models import Sync, SyncStatus
from salesforce.tasks import sync_salesforce
from tests.imports.conftest import database_state
from tests.salesforce.test_sync import report_export

pytestmark = pytest.mark.django_db
LIMIT = (403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")


@pytest.fixture
def another_sync_running(db):
    """Another worker's sync, reading now: PostgreSQL, its connection holds the advisory lock;
    SQLite, its row says running."""
    if connection.vendor != "postgresql":
        Sync.objects.create(status=SyncStatus.RUNNING)
        yield
        return
    import psycopg

    with psycopg.connect(_dsn(), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [services.SYNC_LOCK_KEY])
        yield


def test_a_second_sync_while_one_runs_says_so_and_does_nothing(org, another_sync_running):
    before, calls = database_state(), len(org.calls)
    with pytest.raises(services.SyncAlreadyRunning, match="already running"):
        services.sync()
    assert sync_salesforce.apply().get() == "already running"
    with pytest.raises(CommandError, match="a Salesforce sync is already running"):
        call_command("salesforce_sync")
    assert database_state() == before and len(org.calls) == calls  # not even a log-in


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL advisory lock")
def test_postgres_the_lock_is_held_by_another_connection_and_dies_with_it(org):
    import psycopg

    other = psycopg.connect(_dsn(), autocommit=True)
    other.execute("SELECT pg_advisory_lock(%s)", [services.SYNC_LOCK_KEY])
    with pytest.raises(services.SyncAlreadyRunning):
        services.sync()
    stale = Sync.objects.create(status=SyncStatus.RUNNING)  # its worker was killed
    other.close()  # the process dies: PostgreSQL releases its lock (once its backend ends)
    _wait_for_release()
    assert services.sync().status == SyncStatus.DONE
    stale.refresh_from_db()
    assert stale.status == SyncStatus.FAILED and "abandoned" in stale.message


def _wait_for_release() -> None:
    import time

    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s",
                [services.SYNC_LOCK_KEY],
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)


def _dsn() -> str:
    s = connection.settings_dict
    return f"host={s['HOST']} port={s['PORT'] or 5432} user={s['USER']} dbname={s['NAME']}"


def test_a_rate_limit_is_retried_with_backoff_by_the_task(org, monkeypatch):
    # Eager apply() runs each retry at once (the countdown is for the real queue).
    monkeypatch.setitem(sync_salesforce.app.conf, "task_eager_propagates", False)
    org.failures.extend([LIMIT, LIMIT])
    assert sync_salesforce.apply().get() == SyncStatus.DONE
    failed, retried, done = Sync.objects.order_by("id")
    assert failed.retry_later and "REQUEST_LIMIT_EXCEEDED" in failed.message
    assert failed.message.endswith("trying again in 1 min")
    assert retried.message.endswith("trying again in 2 min")
    assert done.status == SyncStatus.DONE and Opportunity.objects.count() == 5
    assert [services.retry_delay(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_refusal_that_waiting_cannot_fix_is_not_retried(org):
    org.failures.append((403, "INSUFFICIENT_ACCESS", "insufficient access rights on object"))
    assert sync_salesforce.apply().get() == SyncStatus.FAILED
    (failed,) = Sync.objects.all()
    assert not failed.retry_later and "integration user's permissions" in failed.message


def test_a_multi_currency_org_converts_each_amount_and_its_history(org, tmp_path):
    CurrencyRate.objects.create(currency="EUR", rate=Decimal("1.10"))
    org.put(Id="0065g00000Sf002AAA", CurrencyIsoCode="EUR", Amount=Decimal("1000.00"))
    org.past("0065g00000Sf002AAA", "2023-08-01T10:00:00.000+0000", Amount=Decimal("500.00"))
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    assert Opportunity.objects.get(external_id="0065g00000Sf002AAA").amount == Decimal("1100.00")
    past = OpportunityState.objects.filter(
        external_id="0065g00000Sf002AAA", source=StateSource.OPPORTUNITY_HISTORY
    ).order_by("observed_at")
    assert [s.amount for s in past][0] == Decimal("550.00")
    # The report export of the same records (its Amount Currency column) gives the same deals.
    synced = dict(Opportunity.objects.values_list("external_id", "amount"))
    export = tmp_path / "report.csv"
    export.write_text(report_export(org), encoding="utf-8")
    Opportunity.objects.all().delete()
    call_command("import_opportunities", str(export), stdout=StringIO())
    assert dict(Opportunity.objects.values_list("external_id", "amount")) == synced
