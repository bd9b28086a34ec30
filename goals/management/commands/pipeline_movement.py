"""manage.py pipeline_movement: what changed in each rep's in-quarter pipeline from A to B."""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from goals.calendar import FiscalQuarter
from goals.movement_selectors import MovementError, pipeline_movement, rows
from people.models import Person, Role

KEYS = ("email", "basis", "category", "amount", "deals")


class Command(BaseCommand):
    help = (
        "Pipeline movement (RULES.md) per rep and basis: the figure at each end (at_from, "
        "at_to) and one row per category."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="A fiscal quarter, e.g. FY24-Q3.")
        parser.add_argument("--from", dest="day_from", required=True, help="day A, YYYY-MM-DD")
        parser.add_argument("--to", dest="day_to", required=True, help="day B, YYYY-MM-DD")
        parser.add_argument("--person", help="one rep, or a manager (their reps and team)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args, quarter, day_from, day_to, person, format, **options):
        try:
            fiscal_quarter = FiscalQuarter.parse(quarter)
            days = date.fromisoformat(day_from), date.fromisoformat(day_to)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if person:
            people = list(Person.objects.filter(email__iexact=person))
            if not people:
                raise CommandError(f"--person {person}: no person has this e-mail")
        else:
            people = list(Person.objects.filter(role=Role.AE, is_active=True).order_by("email"))
        try:
            found = rows(pipeline_movement(people, fiscal_quarter, *days))
        except MovementError as error:
            raise CommandError(str(error)) from error
        if format == "json":
            self.stdout.write(json.dumps(found, indent=2))
        elif format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(KEYS)
            writer.writerows([row[k] for k in KEYS] for row in found)
        else:
            cells = [list(KEYS)] + [[str(row[k]) for k in KEYS] for row in found]
            widths = [max(len(line[i]) for line in cells) for i in range(len(KEYS))]
            for line in cells:
                self.stdout.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))
