"""manage.py import_salesforce_export ZIP: Salesforce's weekly Data Export, in one go."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports import data_export_upload
from imports.models import ImportStatus
from imports.reading import ImportFileError
from imports.service import check_upload_size
from imports.services import execute
from imports.summary import summary_lines


class Command(BaseCommand):
    help = (
        "Import a Salesforce Data Export zip: Opportunity (with Account and User), the people "
        "User proposes, meetings from Event/Task (the meeting type filter applied) and "
        "OpportunityHistory into the deal history, in one all-or-nothing commit."
    )

    def add_arguments(self, parser):
        parser.add_argument("zip", help="the Data Export zip")
        parser.add_argument("--date-format", choices=["MDY", "DMY"], default="")
        parser.add_argument("--dry-run", action="store_true", help="preview; write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, skip the rest"
        )

    def handle(self, *args, zip, date_format, dry_run, skip_invalid, **options):
        path = Path(zip)
        try:
            check_upload_size(path.name, path.stat().st_size)
            run = data_export_upload.create_upload(
                name=path.name, data=path.read_bytes(), date_format=date_format
            )
        except (OSError, ValueError, ImportFileError) as error:
            raise CommandError(f"{error}; nothing changed") from error
        people = (run.companions or {}).get(data_export_upload.KEY, {}).get("people")
        if people is not None:
            self.stdout.write(f"User.csv proposes {len(people)} active people:")
            for person in people:
                self.stdout.write(
                    f"  {person['name']} <{person['email']}> {person['role'] or 'role?'}"
                    f" manager {person['manager_email'] or '-'}"
                )
        run.commit, run.skip_invalid = not dry_run, skip_invalid
        run.save(update_fields=["commit", "skip_invalid"])
        run = execute(run)
        self.stdout.write("\n".join(summary_lines(run, max_errors=1000)))
        if run.status in (ImportStatus.REJECTED, ImportStatus.FAILED):
            raise CommandError(f"{run.error_count} error(s): nothing changed")
