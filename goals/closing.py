"""The deals an AE still has to close this quarter: RULES.md's look-ahead pipeline (open,
``close_date`` ≤ Q end), in the order a rep asks for, and the ones whose close date has
already passed (a close date before D on an open deal is out of date: it needs a new date or
a decision).

Plain functions over the engine's rows (``rules.CountedRows``, sorted and summed as arrays, so a
rep with thousands of open deals builds only the rows listed); no ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from .rules import OPEN_STAGES, CountedRow, CountedRows, Counts

# The orders a rep can pick, each as (field, descending) keys that answer "what do I work on
# first" (``CountedRows.ordered``); the id settles ties. No close date sorts last.
SORTS: Mapping[str, tuple[str, tuple[tuple[str, bool], ...]]] = {
    "close_date": ("close date, earliest first", (("on", False), ("id", False))),
    "amount": ("amount, largest first", (("amount", True), ("id", False))),
    "weighted": ("weighted amount, largest first", (("weighted", True), ("id", False))),
    "stage": ("stage, latest first", (("stage", True), ("id", False))),
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
    """An open deal whose close date is before D (``past_due_counts``, for one row)."""
    counts = past_due_counts(as_of)
    return row.stage in counts.stages and row.on is not None and row.on <= counts.end


def past_due(rows: CountedRows, as_of: date) -> PastDue:
    """How many of ``rows`` are past due as of D (``past_due_counts``, on the rows' arrays),
    and their amount."""
    counts = past_due_counts(as_of)
    # NaT (no close date) is on or before no day
    by_end = rows.dates <= np.datetime64(counts.end)
    due = rows.where(np.isin(rows.stages, counts.stages) & by_end)
    return PastDue(len(due), due.total_amount())


def total(parts: Iterable[PastDue]) -> PastDue:
    """The past-due deals of several people together (a team's)."""
    parts = list(parts)
    return PastDue(sum(p.count for p in parts), sum((p.amount for p in parts), Decimal(0)))


def sort_key(requested: str | None) -> str:
    """The sort a request asked for, or the default for anything else."""
    return requested if requested in SORTS else DEFAULT_SORT


def sorted_deals(rows: CountedRows, sort: str) -> CountedRows:
    """``rows`` in the order ``sort`` names (``SORTS``)."""
    return rows.ordered(*SORTS[sort_key(sort)][1])
