"""manage.py import_opportunities PATH: import a Salesforce export (see goals.importing)."""

from goals.importing.command import ImportCommand


class Command(ImportCommand):
    help = "Import opportunities from a Salesforce export; prints the upload page's summary."
    kind = "opportunities"
    data_loader = True
