"""manage.py load_okr_seed: load the FY22-Q3 OKRs of seed 002 as an example (idempotent)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from okrs.seed import load_okr_seed

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "okr_seed_fy22_q3.json"


class Command(BaseCommand):
    help = "Load the FY22-Q3 OKRs of seed 002; their hidden figures N0…N14 stay unset."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH)

    def handle(self, *args, path: Path, **options):
        data = json.loads(path.read_text(encoding="utf-8"))
        summary = load_okr_seed(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"{data['quarter']} OKRs loaded: {summary.departments} departments, "
                f"{summary.objectives} objectives, {summary.key_results} key results."
            )
        )
