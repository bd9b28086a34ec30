"""manage.py import_target_accounts PATH: replace the target-account list from a CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from okrs.okrs import import_target_accounts


class Command(BaseCommand):
    help = 'Replace the target-account list with a CSV ("Account Name", "Employees").'

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        result = import_target_accounts(path.read_text(encoding="utf-8-sig"))
        if result.errors:
            raise CommandError("; ".join(result.errors))
        self.stdout.write(self.style.SUCCESS(f"{result.accounts} target accounts loaded."))
