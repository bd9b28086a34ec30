"""Pipeline movement (RULES.md "Pipeline movement"), as plain functions over plain data.

For rep R, quarter Q, days A < B: each deal in R's in-quarter pipeline at the end of A or of B
falls in exactly one category by its two states; pipeline at A + Σ changes = pipeline at B,
exactly (integer units throughout, ``Decimal`` only at the edge).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .history import REMOVED, DealState, from_weighted_units
from .rules import OPEN_STAGES, cents, weight_units

# A rep's deals whose state is the same at both ends, in R's pipeline: per stage (deals, cents).
Steady = Mapping[str, tuple[int, int]]
# Each deal's state at the end of A and at the end of B, by deal id.
Ends = tuple[Mapping[str, DealState], Mapping[str, DealState]]

BASES = ("pipeline", "weighted")
CATEGORIES = {
    "pipeline": (
        "new", "pulled_in", "increased", "decreased", "pushed", "won", "lost", "removed",
        "reassigned",
    ),
    "weighted": (
        "new", "pulled_in", "advanced", "regressed", "increased", "decreased", "pushed", "won",
        "lost", "removed", "reassigned",
    ),
}  # fmt: skip


def in_pipeline(state: DealState | None, owner_id: int, quarter_end: date) -> bool:
    """RULES.md: in R's in-quarter pipeline: open, R's, closing by Q end."""
    return (
        state is not None
        and state.is_open
        and state.owner_id == owner_id
        and state.close_date <= quarter_end
    )


def steady_filters(quarter_end: date) -> dict:
    """``in_pipeline`` but the owner, as the database's field lookups: what a deal's state must
    hold to be summed into a rep's ``Steady`` totals."""
    return {"stage__in": sorted(OPEN_STAGES), "close_date__lte": quarter_end}


def split_steady(
    owner_id: int, quarter_end: date, states: Ends
) -> tuple[tuple[dict, dict], dict[str, tuple[int, int]]]:
    """The deals that changed between the ends (both their states), and R's ``Steady`` totals
    of those that did not: what the database hands ``rep_movement`` (history_store)."""
    before_all, after_all = states
    changed: tuple[dict, dict] = ({}, {})
    steady: dict[str, tuple[int, int]] = {}
    for key in before_all.keys() | after_all.keys():
        before, after = before_all.get(key), after_all.get(key)
        if before is not None and before == after:
            if in_pipeline(before, owner_id, quarter_end):
                deals, total = steady.get(before.stage, (0, 0))
                steady[before.stage] = (deals + 1, total + before.amount_cents)
            continue
        for side, found in zip(changed, (before, after), strict=True):
            if found is not None:
                side[key] = found
    return changed, steady


def left_as(after: DealState, owner_id: int) -> str:
    """Why a deal left R's pipeline: removed, else reassigned, else won, lost or pushed."""
    if after.stage == REMOVED:
        return "removed"
    if after.owner_id != owner_id:
        return "reassigned"
    if after.stage in ("won", "lost"):
        return after.stage
    return "pushed"


@dataclass(frozen=True)
class DealMove:
    """One deal's change in one basis, in integer units (cents, or cents × ten-thousandths)."""

    external_id: str
    category: str
    change: int
    before: DealState | None
    after: DealState | None


def classify(
    owner_id: int,
    quarter_end: date,
    before: DealState | None,
    after: DealState | None,
    units: Mapping[str, int],
) -> dict[str, DealMove]:
    """A deal's category and change per basis for R (no entry where it is not in R's pipeline
    at either end, or where its change is zero)."""
    was = in_pipeline(before, owner_id, quarter_end)
    now = in_pipeline(after, owner_id, quarter_end)
    if not (was or now):
        return {}
    key = (after or before).external_id
    value = {
        "pipeline": lambda s: s.amount_cents,
        "weighted": lambda s: s.amount_cents * units.get(s.stage, 0),
    }
    moves = {}
    for basis, measure in value.items():
        if now and not was:
            category = "new" if before is None else "pulled_in"
            change = measure(after)
        elif was and not now:
            category, change = left_as(after, owner_id), -measure(before)
        else:
            change = measure(after) - measure(before)
            category = "increased" if change > 0 else "decreased"
            if basis == "weighted":
                rise = units.get(after.stage, 0) - units.get(before.stage, 0)
                category = "advanced" if rise > 0 else "regressed" if rise < 0 else category
        if change:
            moves[basis] = DealMove(key, category, change, before, after)
    return moves


@dataclass(frozen=True)
class CategoryTotal:
    """One category of one basis: its amount and the deals behind it."""

    category: str
    amount: Decimal
    deals: tuple[DealMove, ...]


@dataclass(frozen=True)
class BasisMovement:
    """A basis's pipeline at A and at B, and the categories between them."""

    basis: str
    at_from: Decimal
    at_to: Decimal
    deals_at_from: int
    deals_at_to: int
    categories: tuple[CategoryTotal, ...]

    @property
    def net(self) -> Decimal:
        return sum((c.amount for c in self.categories), Decimal(0))

    def category(self, name: str) -> CategoryTotal | None:
        return next((c for c in self.categories if c.category == name), None)


@dataclass(frozen=True)
class Movement:
    """A rep's (or a team's) movement from A to B, per basis."""

    person_id: int
    day_from: date
    day_to: date
    bases: Mapping[str, BasisMovement] = field(default_factory=dict)


def to_money(basis: str, total: int) -> Decimal:
    """An amount in a basis's integer units as money."""
    return cents(total) if basis == "pipeline" else from_weighted_units(total)


def _basis(
    basis: str,
    ends: tuple[list[DealState], list[DealState]],
    moves: list[DealMove],
    units,
    steady: Steady,
) -> BasisMovement:
    measure = (
        (lambda s: s.amount_cents)
        if basis == "pipeline"
        else (lambda s: s.amount_cents * units.get(s.stage, 0))
    )
    by_category: dict[str, list[DealMove]] = {}
    for move in moves:
        by_category.setdefault(move.category, []).append(move)
    categories = tuple(
        CategoryTotal(
            name,
            to_money(basis, sum(m.change for m in by_category[name])),
            tuple(sorted(by_category[name], key=lambda m: m.external_id)),
        )
        for name in CATEGORIES[basis]
        if name in by_category
    )
    start, end = ends
    same = sum(total * (1 if basis == "pipeline" else units.get(stage, 0))
               for stage, (_deals, total) in steady.items())  # fmt: skip
    same_deals = sum(deals for deals, _total in steady.values())
    return BasisMovement(
        basis,
        to_money(basis, same + sum(map(measure, start))),
        to_money(basis, same + sum(map(measure, end))),
        same_deals + len(start),
        same_deals + len(end),
        categories,
    )


def rep_movement(
    owner_id: int,
    quarter_end: date,
    days: tuple[date, date],
    states: tuple[Mapping[str, DealState], Mapping[str, DealState]],
    stage_weights: Mapping[str, Decimal],
    steady: Steady | None = None,
) -> Movement:
    """R's movement between the ends of A and B, from every deal's state at each end; or from
    the deals that changed (``states``) and R's ``steady`` totals of the others
    (``split_steady``: the same movement, the unchanged deals summed by the database)."""
    before_all, after_all = states
    units = weight_units(stage_weights)
    moves: dict[str, list[DealMove]] = {basis: [] for basis in BASES}
    for external_id in before_all.keys() | after_all.keys():
        found = classify(
            owner_id, quarter_end, before_all.get(external_id), after_all.get(external_id), units
        )
        for basis, move in found.items():
            moves[basis].append(move)
    ends = tuple(
        [s for s in side.values() if in_pipeline(s, owner_id, quarter_end)]
        for side in (before_all, after_all)
    )
    return Movement(
        owner_id,
        days[0],
        days[1],
        {basis: _basis(basis, ends, moves[basis], units, steady or {}) for basis in BASES},
    )


def team_movement(person_id: int, reps: Sequence[Movement]) -> Movement:
    """RULES.md: a team's movement is the sum of its reps'."""
    if not reps:
        raise ValueError("a team's movement needs at least one rep")
    bases = {}
    for basis in BASES:
        parts = [rep.bases[basis] for rep in reps]
        categories = []
        for name in CATEGORIES[basis]:
            found = [c for part in parts if (c := part.category(name)) is not None]
            if found:
                deals = tuple(d for c in found for d in c.deals)
                categories.append(
                    CategoryTotal(name, sum((c.amount for c in found), Decimal(0)), deals)
                )
        bases[basis] = BasisMovement(
            basis,
            sum((p.at_from for p in parts), Decimal(0)),
            sum((p.at_to for p in parts), Decimal(0)),
            sum(p.deals_at_from for p in parts),
            sum(p.deals_at_to for p in parts),
            tuple(categories),
        )
    return Movement(person_id, reps[0].day_from, reps[0].day_to, bases)


def movement_rows(movements: Iterable[tuple[str, Movement]]) -> list[dict[str, str | int]]:
    """Flat rows (email, basis, category, amount as a decimal string, deals): per basis the
    figure at A (``at_from``), each category, and the figure at B (``at_to``)."""
    rows: list[dict[str, str | int]] = []
    for email, movement in movements:
        for basis in BASES:
            part = movement.bases[basis]
            rows.append(_row(email, basis, "at_from", part.at_from, part.deals_at_from))
            rows.extend(
                _row(email, basis, c.category, c.amount, len(c.deals)) for c in part.categories
            )
            rows.append(_row(email, basis, "at_to", part.at_to, part.deals_at_to))
    return rows


def money_text(amount: Decimal) -> str:
    """An amount as a decimal string: exact, with at least the two digits of the cents."""
    if amount.as_tuple().exponent > -2:
        amount = amount.quantize(Decimal("0.01"))
    return str(amount)


def _row(email: str, basis: str, category: str, amount: Decimal, deals: int) -> dict:
    return {
        "email": email,
        "basis": basis,
        "category": category,
        "amount": money_text(amount),
        "deals": deals,
    }
