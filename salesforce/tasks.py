"""The scheduled sync: a thin task over ``salesforce.services.sync``, retried with backoff
when Salesforce asks to wait (REQUEST_LIMIT_EXCEEDED, 5xx)."""

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError

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
