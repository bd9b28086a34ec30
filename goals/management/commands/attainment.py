"""manage.py attainment: every active person's figures from the rules engine."""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from goals.calendar import FiscalQuarter
from goals.rows import ROW_KEYS, attainment_rows, safe_text
from goals.selectors import coaching_basis, quarter_results
from people.models import Person


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(value) -> str:
    """A CSV cell: text a spreadsheet would run as a formula is made inert, numbers kept."""
    return safe_text(value) if isinstance(value, str) else _text(value)


class Command(BaseCommand):
    help = "Print every active person's figures for a fiscal quarter (RULES.md)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="A fiscal quarter, e.g. FY24-Q3.")
        parser.add_argument("--as-of", help="Compute as of this date (YYYY-MM-DD).")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument(
            "--basis",
            choices=["target", "pace"],
            default=None,
            help="Coaching basis (default: the COACHING_BASIS setting).",
        )

    def handle(self, *args, quarter: str, as_of: str | None, format: str, basis, **options):
        try:
            fiscal_quarter = FiscalQuarter.parse(quarter)
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        people = Person.objects.filter(is_active=True).order_by("email")
        rows = attainment_rows(
            quarter_results(people, fiscal_quarter, day), basis or coaching_basis()
        )
        if format == "json":
            self.stdout.write(
                json.dumps(
                    [
                        {
                            k: (str(v) if v is not None and not isinstance(v, bool) else v)
                            for k, v in row.items()
                        }
                        for row in rows
                    ],
                    indent=2,
                )
            )
        elif format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(ROW_KEYS)
            writer.writerows([_cell(row[k]) for k in ROW_KEYS] for row in rows)
        else:
            self._table(rows)

    def _table(self, rows):
        cells = [list(ROW_KEYS)] + [[_text(row[k]) for k in ROW_KEYS] for row in rows]
        widths = [max(len(line[i]) for line in cells) for i in range(len(ROW_KEYS))]
        for line in cells:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
            )
