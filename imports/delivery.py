"""Issue 19: an import task delivered again (a worker killed after the commit, before the ack;
Redis handing back an unacknowledged message) leaves a finished run as it was; a run whose
worker keeps dying (out of memory on the same file) fails with its reason after a bounded
number of deliveries; and a run left mid-work by a dead worker is released.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from imports.models import ImportRun, ImportStatus

log = logging.getLogger(__name__)

# Statuses a queued task may start from: fresh (uploaded, queued) or left mid-work by a dead
# worker (previewing, running: nothing of it was committed). Anything else is finished.
FRESH = (ImportStatus.UPLOADED, ImportStatus.QUEUED)
MID_WORK = (ImportStatus.PREVIEWING, ImportStatus.RUNNING)
GAVE_UP = (
    "failed, nothing changed: its worker stopped {attempts} times while reading this file "
    "(out of memory or killed); check the file's size and columns, then upload it again"
)
STUCK = (
    "failed, nothing changed: its worker stopped before it finished (the task was lost); "
    "upload the file again"
)


def begin_delivery(run: ImportRun) -> bool:
    """Whether this delivery of ``run``'s task should do the work. A finished run is left as
    it was; one found mid-work counts an attempt, and past ``MAX_IMPORT_ATTEMPTS`` is failed
    with its reason. Reads the status from the database, not from the caller's copy."""
    with transaction.atomic():
        current = ImportRun.objects.select_for_update().filter(pk=run.pk).first()
        if current is None or current.status not in FRESH + MID_WORK:
            log.warning("import %s delivered again when %s: left as it was", run.pk, run.status)
            if current is not None:
                run.refresh_from_db()
            return False
        if current.status in FRESH:
            ImportRun.objects.filter(pk=run.pk).update(attempts=0)
            run.attempts = 0
            return True
        ImportRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1)
        run.attempts = current.attempts + 1
        if run.attempts < settings.MAX_IMPORT_ATTEMPTS:
            return True
        run.refresh_from_db()
        run.status = ImportStatus.FAILED
        run.message = GAVE_UP.format(attempts=run.attempts)
        run.finished_at = timezone.now()
        run.data = None
        run.save()
    log.error("import %s given up after %s deliveries", run.pk, run.attempts)
    return False


def release_stuck_runs(now: datetime | None = None) -> int:
    """Fail runs still previewing or running long after any task could (the hard time limit
    kills a task before then): their worker died and no delivery is coming. Returns how many."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT * 2)
    stuck = ImportRun.objects.filter(status__in=MID_WORK, started_at__lt=limit)
    released = 0
    with transaction.atomic():
        for run in stuck.select_for_update(skip_locked=True):
            if run.status == ImportStatus.RUNNING and run.data is not None:
                run.status, run.commit = ImportStatus.PREVIEWED, False  # confirm it again
            else:
                run.status = ImportStatus.FAILED
            run.message, run.finished_at = STUCK, now
            run.save(update_fields=["status", "commit", "message", "finished_at"])
            released += 1
    return released
