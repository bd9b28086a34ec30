"""The deals an AE still has to close this quarter: RULES.md's look-ahead pipeline (open,
``close_date`` ≤ Q end), in the order a rep asks for, and the ones whose close date has
already passed (a close date before D on an open deal is out of date: it needs a new date or
a decision).

Plain functions over the engine's rows (``rules.CountedRow``); no ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .rules import OPEN_STAGES, CountedRow, Counts

# The orders a rep can pick, each with the direction that answers "what do I work on first".
SORTS: Mapping[str, tuple[str, Callable[[CountedRow], tuple], bool]] = {
    "close_date": ("close date, earliest first", lambda r: (r.on or date.max, r.id), False),
    "amount": ("amount, largest first", lambda r: (r.amount, -r.id), True),
    "weighted": ("weighted amount, largest first", lambda r: (r.weighted_amount or 0, -r.id), True),
    "stage": ("stage, latest first", lambda r: (r.stage, -r.id), True),
}
DEFAULT_SORT = "close_date"


@dataclass(frozen=True)
class PastDue:
    """Open deals whose close date is before D: how many, and their amount."""

    count: int
    amount: Decimal


def past_due_counts(as_of: date) -> Counts:
    """Which opportunities are past due as of D, as data a selector's SQL can ask too."""
    return Counts(OPEN_STAGES, False, "close_date", None, as_of - timedelta(days=1))


def is_past_due(row: CountedRow, as_of: date) -> bool:
    """An open deal whose close date is before D."""
    return row.stage in OPEN_STAGES and row.on is not None and row.on < as_of


def past_due(rows: Iterable[CountedRow], as_of: date) -> PastDue:
    """How many of ``rows`` are past due as of D, and their amount."""
    due = [row for row in rows if is_past_due(row, as_of)]
    return PastDue(len(due), sum((row.amount for row in due), Decimal(0)))


def total(parts: Iterable[PastDue]) -> PastDue:
    """The past-due deals of several people together (a team's)."""
    parts = list(parts)
    return PastDue(sum(p.count for p in parts), sum((p.amount for p in parts), Decimal(0)))


def sort_key(requested: str | None) -> str:
    """The sort a request asked for, or the default for anything else."""
    return requested if requested in SORTS else DEFAULT_SORT


def sorted_deals(rows: Iterable[CountedRow], sort: str) -> list[CountedRow]:
    """``rows`` in the order ``sort`` names (``SORTS``)."""
    _, key, descending = SORTS[sort_key(sort)]
    return sorted(rows, key=key, reverse=descending)
