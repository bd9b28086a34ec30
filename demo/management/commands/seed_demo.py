"""manage.py seed_demo: load the demo organisation (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import demo
from goals.calendar import FiscalQuarter
from goals.recompute import recompute_range
from imports.models import ImportStatus
from imports.services import import_file, summary_lines


class Command(BaseCommand):
    help = "Load the demo organisation, its FY24 opportunities and meetings, and demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help="Rewrite the demo CSV files in fixtures/ from the generator first.",
        )

    def handle(self, *args, regenerate: bool, **options):
        folder = Path(settings.BASE_DIR) / "fixtures"
        if regenerate:
            demo.write_demo_exports(folder)
        paths = {
            "people": folder / "demo_people.csv",
            "opportunities": folder / "demo_opportunities.csv",
            "meetings": folder / "demo_meetings.csv",
        }
        with transaction.atomic():
            # The demo goes through the real Salesforce import path (US-format dates).
            for kind in ("people", "opportunities", "meetings"):
                run = import_file(kind, paths[kind], date_format="MDY")
                if run.status != ImportStatus.DONE:
                    raise CommandError("\n".join(summary_lines(run)))
            demo.create_demo_logins()
        call_command("load_okr_seed", stdout=self.stdout)  # issue 10: the FY22-Q3 OKR example
        # Trend charts read snapshots: backfill the demo quarter up to the demo day.
        quarter = FiscalQuarter.containing(demo.DEMO_TODAY)
        recompute_range(quarter.start, demo.DEMO_TODAY, trigger="demo")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded. Log in as {', '.join(demo.DEMO_LOGINS)} "
                f"with password {demo.DEMO_PASSWORD}; the demo runs as of {demo.DEMO_TODAY} "
                "(set PACER_TODAY to match)."
            )
        )
