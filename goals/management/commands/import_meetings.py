"""manage.py import_meetings PATH: import a Salesforce export (see goals.importing)."""

from goals.importing.command import ImportCommand


class Command(ImportCommand):
    help = "Import meetings from a Salesforce export; prints the upload page's summary."
    kind = "meetings"
    data_loader = False
