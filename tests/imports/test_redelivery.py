"""Issue 19: an import task delivered again leaves a finished run as it was; a run whose
worker keeps dying fails with its reason after MAX_IMPORT_ATTEMPTS deliveries; a run a dead
worker left mid-work is released."""

from datetime import timedelta

import pytest
from django.utils import timezone

from goals.models import Opportunity
from imports.delivery import release_stuck_runs
from imports.models import ImportRun, ImportStatus
from imports.services import confirm, create_upload, execute
from imports.tasks import run_import
from tests.celery_worker import wait_for

from .conftest import FILES

pytestmark = pytest.mark.django_db
RECORD = ("status", "message", "created", "updated", "unchanged", "rows_in_file", "finished_at")


def upload():
    data = (FILES / "amounts.csv").read_bytes()
    return create_upload(kind="opportunities", name="amounts.csv", data=data, date_format="MDY")


def committed(team):
    run = execute(upload())
    assert run.status == ImportStatus.PREVIEWED, run.errors
    run = execute(confirm(run, skip_invalid=False))
    assert (run.status, run.created) == (ImportStatus.DONE, 6), run.message
    return run


def record(run) -> tuple:
    return ImportRun.objects.filter(pk=run.pk).values_list(*RECORD).get()


def test_a_redelivered_commit_leaves_the_finished_run_as_it_was(team):
    """Main marked it "Rejected (nothing changed) – the file is empty" (the file is dropped
    after a commit)."""
    run = committed(team)
    before = record(run)
    run_import(run.pk)  # the same task message, delivered again
    assert record(run) == before
    assert Opportunity.objects.count() == 6


def test_a_redelivered_preview_leaves_the_preview_as_it_was(team):
    run = execute(upload())
    before = record(run)
    run_import(run.pk)
    assert record(run) == before


def test_a_run_whose_worker_keeps_dying_fails_with_its_reason(team, settings):
    settings.MAX_IMPORT_ATTEMPTS = 3
    run = upload()
    # Two deliveries died mid-preview (as the OOM killer would): the next one is the third.
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.PREVIEWING, attempts=2)
    run_import(run.pk)
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "its worker stopped 3 times" in run.message
    assert run.data is None


def test_a_run_found_mid_work_once_is_tried_again(team):
    run = upload()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.PREVIEWING)
    run_import(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ImportStatus.PREVIEWED, 1)


def test_a_run_left_previewing_by_a_dead_worker_is_released(team, settings):
    stuck, recent = upload(), upload()
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT * 3)
    ImportRun.objects.filter(pk=stuck.pk).update(status="previewing", started_at=long_ago)
    ImportRun.objects.filter(pk=recent.pk).update(status="previewing", started_at=timezone.now())
    assert release_stuck_runs() == 1
    assert ImportRun.objects.get(pk=stuck.pk).status == ImportStatus.FAILED
    assert ImportRun.objects.get(pk=recent.pk).status == ImportStatus.PREVIEWING


@pytest.mark.celery
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_given_the_same_task_again_leaves_the_run_as_it_was(celery_worker, team):
    run = upload()
    run_import.delay(run.pk)
    wait_for(lambda: record(run)[0] == ImportStatus.PREVIEWED, 60, "preview", celery_worker)
    run.refresh_from_db()
    confirm(run, skip_invalid=False)
    run_import.delay(run.pk)
    wait_for(lambda: record(run)[0] == ImportStatus.DONE, 60, "the commit", celery_worker)
    before = record(run)
    run_import.delay(run.pk)  # redelivered, as after a kill between commit and ack
    # The worker says so (main rewrote the run as "the file is empty" instead).
    left = "delivered again when done: left as it was"
    wait_for(lambda: left in celery_worker.log(), 60, "the redelivery", celery_worker)
    assert record(run) == before
    assert Opportunity.objects.count() == 6
