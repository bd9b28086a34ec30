"""manage.py import_salesforce_export ZIP: Salesforce's weekly Data Export, in one go."""

from django.core.management.base import BaseCommand, CommandError

from imports import data_export
from imports.models import ImportStatus
from imports.reading import ImportFileError
from imports.summary import summary_lines


class Command(BaseCommand):
    help = (
        "Import a Salesforce Data Export zip: Opportunity (with Account and User), the people "
        "User proposes, OpportunityHistory parsed for the deal history."
    )

    def add_arguments(self, parser):
        parser.add_argument("zip", help="the Data Export zip")
        parser.add_argument("--date-format", choices=["MDY", "DMY"], default="")
        parser.add_argument("--dry-run", action="store_true", help="preview; write nothing")

    def handle(self, *args, zip, date_format, dry_run, **options):
        try:
            export = data_export.open_export(zip)
            if "user" in export:
                people = data_export.proposed_people(export["user"], export.get("userrole"))
                self.stdout.write(f"User.csv proposes {len(people)} active people:")
                for person in people:
                    self.stdout.write(
                        f"  {person.name} <{person.email}> {person.role or 'role?'}"
                        f" manager {person.manager_email or '-'}"
                    )
            if "opportunityhistory" in export:
                states = data_export.opportunity_history(export["opportunityhistory"])
                self.stdout.write(f"OpportunityHistory.csv: {len(states)} observed states")
            run = data_export.import_opportunities(
                export, zip, commit=not dry_run, date_format=date_format
            )
        except (OSError, ValueError, ImportFileError) as error:
            raise CommandError(f"{error}; nothing changed") from error
        self.stdout.write("\n".join(summary_lines(run, max_errors=1000)))
        if run.status in (ImportStatus.REJECTED, ImportStatus.FAILED):
            raise CommandError(f"{run.error_count} error(s): nothing changed")
