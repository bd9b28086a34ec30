"""manage.py recompute_attainment: recompute a day's snapshots, or backfill a range."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from goals.calendar import today
from goals.recompute import RecomputeError, recompute_day, recompute_range


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date like 2023-09-15") from error


class Command(BaseCommand):
    help = (
        "Recompute every active person's figures for a day (default today) and store them as "
        "that day's snapshots; --from/--to backfills year- and quarter-to-date metrics."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to recompute (YYYY-MM-DD), default today.")
        parser.add_argument("--from", dest="first", help="First day of a backfill range.")
        parser.add_argument("--to", dest="last", help="Last day of a backfill range.")

    def handle(self, *args, date: str | None, first: str | None, last: str | None, **options):
        if (first is None) != (last is None):
            raise CommandError("--from and --to go together")
        if date and first:
            raise CommandError("give either --date or --from/--to, not both")
        try:
            if first:
                result = recompute_range(_date(first), _date(last))
            else:
                result = recompute_day(_date(date) if date else today(), trigger="command")
        except RecomputeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Recomputed {result.days[0]}…{result.days[-1]}: {result.people} people, "
            f"{result.rows} snapshot rows (run {result.run_id})."
        )
