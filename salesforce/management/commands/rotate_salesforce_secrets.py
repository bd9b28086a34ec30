"""manage.py rotate_salesforce_secrets: re-encrypt the Salesforce page's stored secrets with the
first key of SALESFORCE_SECRET_KEYS (MultiFernet.rotate), so the older keys can be removed."""

from django.core.management.base import BaseCommand, CommandError

from salesforce import vault
from salesforce.connection import rotate_secrets


class Command(BaseCommand):
    help = (
        "Re-encrypt the stored Salesforce secrets with the first SALESFORCE_SECRET_KEYS key "
        "(README, Connect Salesforce: put the new key first, run this, then drop the old key)."
    )

    def handle(self, *args, **options):
        try:
            count = rotate_secrets()
        except vault.SecretUnreadable as error:
            raise CommandError(f"nothing re-encrypted: {error}") from error
        self.stdout.write(
            f"{count} stored Salesforce secret{'s' if count != 1 else ''} re-encrypted with the "
            f"first key of {vault.keys_source()}; keys after the first may now be removed"
        )
