"""The shared shape of the ``import_*`` management commands."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from imports.models import ImportStatus

from . import settings_file
from .reading import ImportFileError
from .service import import_file
from .summary import summary_lines
from .taken_at import TakenAtError, parse_given


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
        parser.add_argument(
            "--mapping",
            help="an import settings file (JSON, downloaded from the imports page): applied "
            "and saved before importing",
        )
        if self.kind == "opportunities":
            parser.add_argument(
                "--taken-at", help='when the export was taken, "YYYY-MM-DD HH:MM" in TIME_ZONE'
            )
            parser.add_argument(
                "--complete", action="store_true", help="a full export: absent deals are removed"
            )
        if self.data_loader:
            parser.add_argument("--users", help="the User file of a data loader export")
            parser.add_argument("--accounts", help="the Account file of a data loader export")

    def handle(self, *args, path, date_format, dry_run, skip_invalid, **options):
        if options.get("mapping"):
            try:
                file = options["mapping"]
                declared = settings_file.apply(settings_file.read(file), self.kind, file)
            except ValueError as error:
                raise CommandError(f"{error}; nothing changed") from error
            date_format = date_format or declared
        try:
            moment = options.get("taken_at")
            moment = parse_given(moment) if moment else None
        except TakenAtError as error:
            raise CommandError(str(error)) from error
        try:
            run = import_file(
                self.kind,
                path,
                commit=not dry_run,
                skip_invalid=skip_invalid,
                date_format=date_format,
                users=options.get("users"),
                accounts=options.get("accounts"),
                taken_at=moment,
                complete=options.get("complete", False),
            )
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        lines = summary_lines(run, max_errors=1000)
        self.stdout.write("\n".join(lines))
        failed = run.status in (ImportStatus.REJECTED, ImportStatus.FAILED)
        if failed or (dry_run and run.errors and not skip_invalid):
            raise CommandError(f"{run.error_count} error(s): nothing changed")
