"""manage.py import_target_accounts PATH: replace the target-account list from a CSV, with
the limits of every upload (issue 19: the size before reading, then rows, columns, cell
length and NUL bytes, as the upload page checks them)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.okr_views import bounded_target_accounts


class Command(BaseCommand):
    help = 'Replace the target-account list with a CSV ("Account Name", "Employees").'

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        size = path.stat().st_size
        if size > settings.MAX_UPLOAD_BYTES:
            raise CommandError(
                f"{path.name} is {size:,} bytes, over the upload limit of "
                f"{settings.MAX_UPLOAD_BYTES:,} (MAX_UPLOAD_BYTES): nothing was changed."
            )
        result = bounded_target_accounts(path.read_text(encoding="utf-8-sig", errors="replace"))
        if result.errors:
            raise CommandError(f"{path.name}: " + "; ".join(result.errors))
        self.stdout.write(self.style.SUCCESS(f"{result.accounts} target accounts loaded."))
