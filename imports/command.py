"""The shared shape of the ``import_*`` management commands."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from imports.models import ImportStatus

from .reading import ImportFileError
from .service import import_file
from .summary import summary_lines


class ImportCommand(BaseCommand):
    kind = ""
    data_loader = False

    def add_arguments(self, parser):
        parser.add_argument("path", help="the exported file (.csv or .xlsx)")
        parser.add_argument("--date-format", choices=["MDY", "DMY"], default="")
        parser.add_argument("--dry-run", action="store_true", help="preview; write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, skip the rest"
        )
        if self.data_loader:
            parser.add_argument("--users", help="the User file of a data loader export")
            parser.add_argument("--accounts", help="the Account file of a data loader export")

    def handle(self, *args, path, date_format, dry_run, skip_invalid, **options):
        try:
            run = import_file(
                self.kind,
                path,
                commit=not dry_run,
                skip_invalid=skip_invalid,
                date_format=date_format,
                users=options.get("users"),
                accounts=options.get("accounts"),
            )
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        lines = summary_lines(run, max_errors=1000)
        self.stdout.write("\n".join(lines))
        failed = run.status in (ImportStatus.REJECTED, ImportStatus.FAILED)
        if failed or (dry_run and run.errors and not skip_invalid):
            raise CommandError(f"{run.error_count} error(s): nothing changed")
