"""A real Celery worker previews and commits an uploaded import through Redis; a worker killed
mid-commit loses and duplicates nothing; work queued while no worker runs is done later."""

import pytest

from goals.models import Opportunity
from imports.models import ImportRun, ImportStatus
from imports.services import confirm, create_upload, execute
from imports.tasks import enqueue_import, run_import
from tests.celery_worker import Worker, database_url, wait_for, worker_gate
from tests.factories import PersonFactory
from tests.imports.conftest import FILES

pytestmark = [
    pytest.mark.celery,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def status_of(run) -> str:
    return ImportRun.objects.values_list("status", flat=True).get(pk=run.pk)


def test_a_real_worker_previews_then_commits_an_upload(celery_worker):
    PersonFactory(name="Avery Stone", email="avery@example.com")
    run = create_upload(
        kind="opportunities",
        name="amounts.csv",
        data=(FILES / "amounts.csv").read_bytes(),
        date_format="MDY",
    )
    run_import.delay(run.pk)
    wait_for(lambda: status_of(run) == ImportStatus.PREVIEWED, 60, "the preview", celery_worker)
    assert Opportunity.objects.count() == 0
    run.refresh_from_db()
    confirm(run, skip_invalid=False)
    run_import.delay(run.pk)
    wait_for(lambda: status_of(run) == ImportStatus.DONE, 60, "the commit", celery_worker)
    run.refresh_from_db()
    assert (run.created, run.rows_in_file, run.rows_written) == (6, 6, 6)
    assert Opportunity.objects.count() == 6


def committed_ids() -> list[str]:
    return list(Opportunity.objects.order_by("external_id").values_list("external_id", flat=True))


def previewed_upload():
    PersonFactory(name="Avery Stone", email="avery@example.com")
    data = (FILES / "amounts.csv").read_bytes()
    upload = create_upload(kind="opportunities", name="amounts.csv", data=data, date_format="MDY")
    run = execute(upload)
    assert (run.status, run.error_count) == (ImportStatus.PREVIEWED, 0), run.errors
    return confirm(run, skip_invalid=False)


def test_a_killed_worker_loses_and_duplicates_nothing_and_a_fresh_one_finishes(
    request, tmp_path, monkeypatch
):
    gate = worker_gate(tmp_path, monkeypatch, "PACER_IMPORT_TEST_GATE")
    first = request.getfixturevalue("celery_worker")
    run = previewed_upload()
    enqueue_import(run)
    wait_for(lambda: (gate / "reached").exists(), 60, "the import to reach the gate", first)
    first.kill()  # mid-commit: rows written but not committed, message not acknowledged
    assert (status_of(run), committed_ids()) == (ImportStatus.RUNNING, [])

    (gate / "open").touch()
    fresh = Worker(database_url(), tmp_path / "fresh.log")
    fresh.start()
    try:
        wait_for(lambda: status_of(run) == ImportStatus.DONE, 90, "the redelivered import", fresh)
    finally:
        fresh.stop()
    run.refresh_from_db()
    assert (run.created, run.rows_in_file, run.skipped) == (6, 6, 0)
    assert len(committed_ids()) == len(set(committed_ids())) == 6
    assert list(ImportRun.objects.values_list("status", flat=True)) == [ImportStatus.DONE]


def test_an_import_queued_while_no_worker_runs_is_done_by_a_later_worker(celery_worker):
    celery_worker.stop()
    run = previewed_upload()
    enqueue_import(run)  # Redis holds the message; nobody consumes it yet
    assert (status_of(run), committed_ids()) == (ImportStatus.QUEUED, [])
    celery_worker.start()
    wait_for(lambda: status_of(run) == ImportStatus.DONE, 60, "the later worker", celery_worker)
    assert len(committed_ids()) == 6
