"""Deal history (RULES.md "Deal history"), as plain functions over plain data.

A deal's history is the states observed of it, each at a moment. Its state at T is the latest
one observed at or before T; before its first observation it has none. "The end of D" is
midnight after D in ``TIME_ZONE``. Nothing here touches the database: ``goals.history_store``
loads the states and records new ones.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from .rules import HUNDRED, OPEN_STAGES, WEIGHT_SCALE, weight_units

REMOVED = "removed"


@dataclass(frozen=True)
class DealState:
    """One observed state of an opportunity: the RULES.md fields that figures read."""

    external_id: str
    observed_at: datetime
    owner_id: int | None
    stage: str  # "1".."6", "won", "lost" or "removed"
    amount_cents: int
    close_date: date
    account: str = ""
    is_new_business: bool = False

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def same_values(self, other: DealState | None) -> bool:
        """Whether ``other`` holds the same values (its moment aside)."""
        if other is None:
            return False
        return (
            self.owner_id,
            self.stage,
            self.amount_cents,
            self.close_date,
            self.account,
            self.is_new_business,
        ) == (
            other.owner_id,
            other.stage,
            other.amount_cents,
            other.close_date,
            other.account,
            other.is_new_business,
        )


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """RULES.md: the end of D is midnight after D in ``TIME_ZONE``."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


class History:
    """Every deal's states, oldest first, answering "the state at T" by bisection."""

    def __init__(self, states: Iterable[DealState]) -> None:
        by_deal: dict[str, list[DealState]] = {}
        for state in states:
            by_deal.setdefault(state.external_id, []).append(state)
        self._states = {k: sorted(v, key=lambda s: s.observed_at) for k, v in by_deal.items()}
        self._moments = {k: [s.observed_at for s in v] for k, v in self._states.items()}

    def __len__(self) -> int:
        return sum(len(v) for v in self._states.values())

    @property
    def first_observed(self) -> datetime | None:
        """The moment of the first observation of any deal, or None with no history."""
        firsts = [moments[0] for moments in self._moments.values()]
        return min(firsts) if firsts else None

    def deals(self) -> Iterable[Sequence[DealState]]:
        """Each deal's states, oldest first."""
        return self._states.values()

    def deal(self, external_id: str) -> Sequence[DealState]:
        return tuple(self._states.get(external_id, ()))

    def state_at(self, external_id: str, moment: datetime) -> DealState | None:
        """The latest state observed at or before ``moment``; None before the first one."""
        moments = self._moments.get(external_id)
        if not moments:
            return None
        index = bisect_right(moments, moment)
        return self._states[external_id][index - 1] if index else None

    def states_at(self, moment: datetime) -> dict[str, DealState]:
        """Each deal's state at ``moment`` (deals with none left out)."""
        found = {}
        for external_id in self._states:
            state = self.state_at(external_id, moment)
            if state is not None:
                found[external_id] = state
        return found


def changed_states(history: History, observed: Iterable[DealState]) -> list[DealState]:
    """Of ``observed``, the states that differ from their deal's state at the same moment:
    what an import records (RULES.md: identical values record nothing new)."""
    return [
        s for s in observed if not s.same_values(history.state_at(s.external_id, s.observed_at))
    ]


def removals(history: History, held: set[str], moment: datetime) -> list[DealState]:
    """A complete import at ``moment``: every deal with a state then (not removed already) that
    the file does not hold becomes ``removed`` from then on."""
    found = []
    for external_id, state in history.states_at(moment).items():
        if external_id in held or state.stage == REMOVED:
            continue
        found.append(
            DealState(
                external_id,
                moment,
                state.owner_id,
                REMOVED,
                state.amount_cents,
                state.close_date,
                state.account,
                state.is_new_business,
            )
        )
    return found


def weighted_units(state: DealState, units: Mapping[str, int]) -> int:
    """amount × weight(stage) in cents × ten-thousandths, an exact integer."""
    return state.amount_cents * units.get(state.stage, 0)


def from_weighted_units(total: int) -> Decimal:
    """Cents × ten-thousandths back to the company currency (as ``rules.owner_values``)."""
    return Decimal(total) / (HUNDRED * WEIGHT_SCALE)


@dataclass(frozen=True)
class PointInTime:
    """An AE's point-in-time sums at the end of a day, in integer units."""

    open_cents: int = 0  # all open deals
    weighted: int = 0  # Σ amount × weight over all open deals (weighted_pipeline)
    open_by_quarter_end_cents: int = 0
    weighted_by_quarter_end: int = 0


def point_in_time(
    states: Iterable[DealState], quarter_end: date, stage_weights: Mapping[str, Decimal]
) -> dict[int, PointInTime]:
    """Per owner the open sums RULES.md's point-in-time figures read, from each deal's state
    at the end of a day (``History.states_at``)."""
    units = weight_units(stage_weights)
    sums: dict[int, list[int]] = {}
    for state in states:
        if not state.is_open or state.owner_id is None:
            continue
        row = sums.setdefault(state.owner_id, [0, 0, 0, 0])
        for column, value in enumerate(_counted(state, units, quarter_end)):
            row[column] += value
    return {owner: PointInTime(*row) for owner, row in sums.items()}


def _counted(state: DealState, units: Mapping[str, int], quarter_end: date) -> tuple[int, ...]:
    """What an open state adds to its owner's ``PointInTime``, field by field."""
    weighted = weighted_units(state, units)
    if state.close_date <= quarter_end:
        return state.amount_cents, weighted, state.amount_cents, weighted
    return state.amount_cents, weighted, 0, 0


def point_in_time_by_moment(
    history: History,
    moments: Sequence[datetime],
    quarter_end: date,
    stage_weights: Mapping[str, Decimal],
) -> list[dict[int, PointInTime]]:
    """``point_in_time`` of the states at each of ``moments`` (ascending), in one pass over the
    states: each state counts at the moments from its observation up to, not including, its
    deal's next one (``History.state_at``), added where that stretch begins and taken away
    where it ends, so a quarter of days costs the states once, not once a day."""
    units = weight_units(stage_weights)
    count = len(moments)
    # Per owner and moment the changes of (open deals, PointInTime's four sums).
    changes: dict[int, list[list[int]]] = {}
    for states in history.deals():
        for index, state in enumerate(states):
            if not state.is_open or state.owner_id is None:
                continue
            start = bisect_left(moments, state.observed_at)
            stop = count
            if index + 1 < len(states):
                stop = bisect_left(moments, states[index + 1].observed_at)
            if start >= stop:
                continue
            values = (1, *_counted(state, units, quarter_end))
            rows = changes.setdefault(state.owner_id, [[0] * 5 for _ in range(count + 1)])
            for column, value in enumerate(values):
                rows[start][column] += value
                rows[stop][column] -= value
    found: list[dict[int, PointInTime]] = [{} for _ in range(count)]
    for owner, rows in changes.items():
        running = [0] * 5
        for at in range(count):
            running = [total + change for total, change in zip(running, rows[at], strict=True)]
            if running[0]:
                found[at][owner] = PointInTime(*running[1:])
    return found
