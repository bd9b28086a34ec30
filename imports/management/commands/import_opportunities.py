"""manage.py import_opportunities PATH: import a Salesforce export (see imports.services)."""

from imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import opportunities from a Salesforce export; prints the upload page's summary."
    kind = "opportunities"
    data_loader = True
