"""Celery tasks of imports: thin wrappers that call one service."""

from celery import shared_task

from .models import ImportRun
from .services import execute


# One import at a time is enforced by the database (ImportRun's unique "running" status);
# late ack so a run lost with its worker is delivered again. Named as before the move to
# ``imports``, so a run queued before an upgrade still finds it.
@shared_task(name="goals.tasks.run_import", acks_late=True, reject_on_worker_lost=True)
def run_import(run_id: int) -> str:
    """Preview or commit one uploaded import (``imports.services.execute``)."""
    return execute(ImportRun.objects.get(pk=run_id)).status
