"""manage.py import_people PATH: import a Salesforce export (see imports.services)."""

from imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import people from a Salesforce export; prints the upload page's summary."
    kind = "people"
    data_loader = False
