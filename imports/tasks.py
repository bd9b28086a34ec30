"""Celery tasks of imports, and queuing them: thin wrappers that call one service."""

import logging

from celery import shared_task
from django.db import transaction

from config.celery import app
from goals.queue import QueueUnreachable, publish
from goals.recompute import RecomputeError
from goals.tasks import enqueue_recompute

from .models import ImportRun, ImportStatus
from .service import ImportNotQueued
from .services import execute

log = logging.getLogger(__name__)


# One import at a time is enforced by the database (ImportRun's unique "running" status);
# late ack so a run lost with its worker is delivered again. Named as before the move to
# ``imports``, so a run queued before an upgrade still finds it.
@shared_task(name="goals.tasks.run_import", acks_late=True, reject_on_worker_lost=True)
def run_import(run_id: int) -> str:
    """Preview or commit one uploaded import (``imports.services.execute``)."""
    return execute(ImportRun.objects.get(pk=run_id)).status


def enqueue_import(run: ImportRun) -> None:
    """Queue ``run`` on a worker (in-process when no broker is configured). With the broker
    down this fails within seconds: a confirmed run goes back to its preview, to be confirmed
    again; a new upload is marked failed (upload it again)."""
    if app.conf.task_always_eager:
        transaction.on_commit(lambda: run_import.delay(run.pk))
        return
    try:
        publish(run_import, args=(run.pk,))
    except QueueUnreachable as error:
        message = (
            "The task queue (Redis) is unreachable, so the import was not queued and nothing "
            "changed. Try again in a moment."
        )
        if run.status == ImportStatus.QUEUED:
            run.status, run.commit = ImportStatus.PREVIEWED, False
        else:
            run.status = ImportStatus.FAILED
        run.message = message
        run.save(update_fields=["status", "commit", "message"])
        raise ImportNotQueued(message) from error


def recompute_after_import(sender, run: ImportRun, **kwargs) -> None:
    """``imports.service.data_imported`` receiver: queue the recompute of today."""
    try:
        enqueue_recompute()
    except RecomputeError as error:
        # The import stands; the nightly run will bring the figures up to date.
        log.warning("recompute after import %s not started: %s", run.pk, error)


@shared_task
def release_stuck_imports() -> int:
    """Beat, every quarter hour: fail the runs a dead worker left mid-work (issue 19)."""
    from .delivery import release_stuck_runs

    return release_stuck_runs()
