"""Issue 20: the nightly recompute split into per-team tasks, through real Celery workers on
Redis and PostgreSQL: the split writes the single task's snapshots exactly, a failed team task
leaves the snapshots as they were (and the run says so), and two workers share the teams."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import RecomputeRun
from goals.recompute import recompute_day
from goals.tasks import recompute_attainment
from tests.celery_worker import Worker, database_url, wait_for
from tests.factories import OpportunityFactory

from .test_recompute_split import build_org, coaching_rows, snapshot_rows

TODAY = date(2023, 9, 15)
pytestmark = [
    pytest.mark.celery,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def split(monkeypatch, today):
    """Workers started after this split any org into parts of one team (4 people)."""
    today(TODAY)
    monkeypatch.setenv("RECOMPUTE_SPLIT_PEOPLE", "1")
    monkeypatch.setenv("RECOMPUTE_PART_PEOPLE", "4")


def finished(status: str) -> int:
    return RecomputeRun.objects.filter(status=status, trigger="nightly").count()


def test_the_split_gives_the_single_tasks_snapshots(split, request):
    build_org(3)
    recompute_day(TODAY)  # the single task, in-process
    single, single_coaching = snapshot_rows(), coaching_rows()
    worker = request.getfixturevalue("celery_worker")
    recompute_attainment.delay(nightly=True)
    wait_for(lambda: finished("succeeded") == 1, 90, "the split nightly run", worker)
    assert snapshot_rows() == single and coaching_rows() == single_coaching
    run = RecomputeRun.objects.get(trigger="nightly")
    assert (run.parts, run.people, run.rows, run.note) == (3, 12, len(single), "")


def test_a_failed_team_task_leaves_the_snapshots_as_they_were(split, request, monkeypatch):
    managers = build_org(3)
    recompute_day(TODAY)
    before = snapshot_rows()
    # Data changed since: a successful run would rewrite rows; the failed one must not.
    ae = managers[0].reports.filter(role="ae").order_by("id").first()
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("500"), close_date=date(2023, 9, 1))
    failing = managers[2].reports.order_by("id").first()
    monkeypatch.setenv("PACER_RECOMPUTE_TEST_FAIL_PERSON", str(failing.id))
    worker = request.getfixturevalue("celery_worker")
    recompute_attainment.delay(nightly=True)
    wait_for(lambda: finished("failed") == 1, 90, "the split run to fail", worker)
    assert snapshot_rows() == before
    run = RecomputeRun.objects.get(trigger="nightly")
    assert "a team task failed, nothing written" in run.error
    assert f"test fault: the part of person {failing.id}" in run.error


def test_two_workers_share_the_teams(split, request, monkeypatch, tmp_path):
    build_org(6)
    recompute_day(TODAY)
    single = snapshot_rows()
    log = tmp_path / "parts.log"
    monkeypatch.setenv("PACER_RECOMPUTE_TEST_PART_LOG", str(log))
    monkeypatch.setenv("PACER_RECOMPUTE_TEST_PART_SECONDS", "0.5")
    first = request.getfixturevalue("celery_worker")
    second = Worker(database_url(), tmp_path / "second.log", name="second")
    second.start()
    try:
        recompute_attainment.delay(nightly=True)
        wait_for(lambda: finished("succeeded") == 1, 90, "the split nightly run", second)
    finally:
        second.stop()
    ran_by = [line.split()[0] for line in log.read_text().splitlines()]
    assert len(ran_by) == 6
    assert set(ran_by) == {str(first.process.pid), str(second.process.pid)}
    assert snapshot_rows() == single
