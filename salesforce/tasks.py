"""The scheduled sync: a thin task over ``salesforce.services.sync``, retried with backoff
when Salesforce asks to wait (REQUEST_LIMIT_EXCEEDED, 5xx)."""

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError
from django.db import transaction

from config.celery import app
from goals.queue import QueueUnreachable, publish

from . import client, services
from .models import SyncStatus

RETRIES = 5


@shared_task(bind=True, name="salesforce.tasks.sync_salesforce", max_retries=RETRIES)
def sync_salesforce(self) -> str:
    """Sync the org now; nothing to do (and no call made) when no org is configured, or while
    another sync runs."""
    if not client.configured():
        return "not configured"
    try:
        sync = services.sync()
    except services.SyncAlreadyRunning:
        return "already running"
    if sync.status == SyncStatus.FAILED and sync.retry_later:
        delay = services.retry_delay(self.request.retries)
        if self.request.retries < RETRIES:
            services.note_retry(sync, delay)
        try:
            raise self.retry(countdown=delay)
        except MaxRetriesExceededError:
            return sync.status
    return sync.status


class SyncNotQueued(Exception):
    """The broker could not be reached: "Sync now" queued nothing."""


def enqueue_sync() -> None:
    """ "Sync now": queue a sync once the caller's transaction commits (in-process when no
    broker is configured); SyncNotQueued within seconds when the broker is down."""
    if app.conf.task_always_eager:
        transaction.on_commit(sync_salesforce.delay)
        return
    try:
        publish(sync_salesforce)
    except QueueUnreachable as error:
        raise SyncNotQueued(
            "The task queue (Redis) is unreachable, so the sync was not queued; the scheduled "
            "sync still runs. Try again in a moment."
        ) from error
