"""RULES.md's coaching rule as the parts of a sentence: on which metrics a person misses, by
how much, on the configured basis, and since when the flag has been on.

Plain functions over the engine's results (``goals.rules``); pages only put them into words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .rules import Figure, PersonQuarter

BASES = ("pace", "target")
# seed 000: "not meeting at least two of their weighted targets"
FLAG_MISSES = 2


@dataclass(frozen=True)
class Miss:
    """A metric the person misses on a basis: its value, the mark (today's pace or the full
    target) and how far short of it the value is."""

    metric: str
    value: Decimal
    mark: Decimal
    short_by: Decimal


@dataclass(frozen=True)
class CoachingStatus:
    """One person's coaching status on one basis: of the ``counted`` metrics (those with a
    mark and a value), ``meeting`` meet it and ``misses`` do not; two misses raise the flag."""

    basis: str
    counted: int
    misses: tuple[Miss, ...]

    @property
    def meeting(self) -> int:
        return self.counted - len(self.misses)

    @property
    def flagged(self) -> bool:
        return len(self.misses) >= FLAG_MISSES


def _mark(figure: Figure, basis: str) -> Decimal | None:
    if basis == "pace":
        return figure.pace
    if basis == "target":
        return figure.target
    raise ValueError(f"coaching basis is 'pace' or 'target', not {basis!r}")


def coaching_status(result: PersonQuarter, basis: str) -> CoachingStatus:
    """Where ``result`` stands on ``basis``: the metrics it misses (value below the mark), in
    the result's metric order. A metric with no target or no value is not counted as missed."""
    counted = 0
    misses = []
    for figure in result.figures:
        mark = _mark(figure, basis)
        if mark is None or figure.value is None or figure.target is None:
            continue
        counted += 1
        if figure.value < mark:
            misses.append(Miss(figure.metric, figure.value, mark, mark - figure.value))
    return CoachingStatus(basis, counted, tuple(misses))


def other_basis(basis: str) -> str:
    """The basis a page shows second."""
    return "target" if basis == "pace" else "pace"


def flag_on_since(recorded: Iterable[tuple[date, bool]], as_of: date, flagged: bool) -> date | None:
    """The first day of the unbroken run of flagged days that ends at ``as_of`` (whose flag,
    ``flagged``, is the live one), from the days recorded before it; None when not flagged.
    Days with no record (a night the recompute did not run) do not break the run."""
    if not flagged:
        return None
    since = as_of
    for day, on in sorted(recorded, reverse=True):
        if day >= as_of:
            continue
        if not on:
            break
        since = day
    return since


def days_on(since: date | None, as_of: date) -> int | None:
    """How many days the flag has been on, counting both ends."""
    return None if since is None else (as_of - since).days + 1
