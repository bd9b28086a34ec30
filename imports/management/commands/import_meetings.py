"""manage.py import_meetings PATH: import a Salesforce export (see imports.services)."""

from imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import meetings from a Salesforce export; prints the upload page's summary."
    kind = "meetings"
    data_loader = False
