"""manage.py salesforce_sync: read what changed in the org and import it now."""

from django.core.management.base import BaseCommand, CommandError

from imports.services import summary_lines
from salesforce import client, services
from salesforce.models import SyncStatus


class Command(BaseCommand):
    help = "Sync the configured Salesforce org's opportunities (README, Connect Salesforce)."

    def handle(self, *args, **options):
        if not client.configured():
            raise CommandError(
                "no Salesforce org is configured: connect one on the Salesforce page (/salesforce/)"
                " or set SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE"
                " (or SALESFORCE_PASSWORD)"
            )
        try:
            sync = services.sync()
        except services.SyncAlreadyRunning as error:
            raise CommandError(str(error)) from error
        if sync.run is not None and sync.run.file_name:
            self.stdout.write("\n".join(summary_lines(sync.run, max_errors=1000)))
        self.stdout.write(
            f"{sync.read} read, {sync.deleted} deleted, {sync.api_calls} API calls"
            f" ({sync.limit_info or 'no limit info'})"
        )
        if sync.status != SyncStatus.DONE:
            raise CommandError(f"sync failed, nothing changed: {sync.message}")
