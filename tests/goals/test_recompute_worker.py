"""The recompute through a real Celery worker on Redis and PostgreSQL: snapshots written, a
worker killed mid-task, two nightly runs of one date, and the one-at-a-time lock."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import RecomputeRun, Snapshot
from goals.recompute import recompute_day
from goals.tasks import enqueue_recompute, recompute_attainment
from tests.celery_worker import Worker, database_url, wait_for, worker_gate
from tests.factories import MeetingFactory, OpportunityFactory, PersonFactory

TODAY = date(2023, 9, 15)
pytestmark = [
    pytest.mark.celery,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def org(today, transactional_db):
    """A small team (reference data comes from the autouse fixture in conftest)."""
    today(TODAY)
    for index in range(3):
        ae = PersonFactory(role="ae")
        OpportunityFactory(owner=ae, stage="won", amount=Decimal(1000 * (index + 1)))
        OpportunityFactory(owner=ae, stage="5", amount=Decimal("4000"))
    sdr = PersonFactory(role="sdr", sdr_segment="inbound")
    OpportunityFactory(owner=None, sourced_by=sdr, sao_date=date(2023, 8, 20))
    MeetingFactory(sdr=sdr)
    return 3 * 4 + 3  # snapshot rows: 4 per AE, 3 per SDR


def rows() -> list[tuple]:
    return list(
        Snapshot.objects.order_by("person_id", "metric_id", "date").values_list(
            "person_id", "metric_id", "date", "value", "target", "pace", "attainment"
        )
    )


def finished_runs() -> int:
    return RecomputeRun.objects.filter(status="succeeded").count()


def test_worker_writes_the_days_snapshots(org, celery_worker):
    enqueue_recompute(TODAY)
    wait_for(lambda: finished_runs() == 1, 60, "the recompute to finish", celery_worker)
    assert Snapshot.objects.filter(date=TODAY).count() == org
    ae_pipeline = Snapshot.objects.filter(metric_id="weighted_pipeline").values_list(
        "value", flat=True
    )
    assert set(ae_pipeline) == {Decimal("3000.0000")}  # 4,000 at stage 5 (75%)


def test_nightly_task_twice_for_one_date_gives_identical_rows(org, celery_worker):
    recompute_attainment.delay(nightly=True)
    wait_for(lambda: finished_runs() == 1, 60, "the first run", celery_worker)
    first = rows()
    recompute_attainment.delay(nightly=True)
    wait_for(lambda: finished_runs() == 2, 60, "the second run", celery_worker)
    assert rows() == first
    assert len(first) == org


@pytest.fixture
def gate(tmp_path, monkeypatch):
    """A folder the worker's recompute waits in, uncommitted, until the test opens it."""
    return worker_gate(tmp_path, monkeypatch, "PACER_RECOMPUTE_TEST_GATE")


def test_a_killed_worker_leaves_the_recompute_to_a_fresh_one(org, gate, request, tmp_path):
    first = request.getfixturevalue("celery_worker")
    enqueue_recompute(TODAY)
    wait_for(lambda: (gate / "reached").exists(), 60, "the recompute to reach the gate", first)
    first.kill()  # mid-task: rows written but not committed, message not acknowledged

    (gate / "open").touch()
    fresh = Worker(database_url(), tmp_path / "fresh.log")
    fresh.start()
    try:
        wait_for(lambda: finished_runs() == 1, 90, "the redelivered recompute", fresh)
    finally:
        fresh.stop()
    after_crash = rows()

    recompute_day(TODAY)  # a clean run in-process, for comparison
    assert rows() == after_crash
    assert len(after_crash) == org
    statuses = sorted(RecomputeRun.objects.values_list("status", flat=True))
    assert statuses == ["abandoned", "succeeded", "succeeded"]
