"""The scheduled sync: a thin task over ``salesforce.services.sync``."""

from celery import shared_task

from . import client, services


@shared_task(name="salesforce.tasks.sync_salesforce")
def sync_salesforce() -> str:
    """Sync the org now; nothing to do (and no call made) when no org is configured."""
    if not client.configured():
        return "not configured"
    return services.sync().status
