"""The movement page's data: the days asked for (default: since last week) and the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404

from goals.calendar import FiscalQuarter, today
from goals.movement import CategoryTotal, DealMove, money_text, to_money
from goals.movement_selectors import MovementError, PersonMovement, pipeline_movement
from goals.rules import cents
from people.models import Person

from . import movement_charts
from .pages import Chart, _chart

WEEK = timedelta(days=7)
# Each category lists its largest changes on the page (a team's week can move thousands of
# deals); every deal is in the page's CSV.
DEALS_SHOWN = 25


@dataclass(frozen=True)
class CategoryDeals:
    """A category of the pipeline basis with the deals the page lists: the largest changes."""

    total: CategoryTotal
    shown: tuple[DealMove, ...]

    @property
    def count(self) -> int:
        return len(self.total.deals)


def largest_changes(total: CategoryTotal, limit: int = DEALS_SHOWN) -> CategoryDeals:
    """The ``limit`` deals of a category whose change is largest (by size), largest first."""
    ordered = sorted(total.deals, key=lambda move: (-abs(move.change), move.external_id))
    return CategoryDeals(total, tuple(ordered[:limit]))


@dataclass(frozen=True)
class MovementPage:
    person: Person
    quarter: FiscalQuarter
    day_from: date
    day_to: date
    found: PersonMovement | None
    reps: tuple[PersonMovement, ...]
    charts: tuple[Chart, ...]
    error: str = ""

    @property
    def pipeline_categories(self) -> tuple[CategoryDeals, ...]:
        """The pipeline basis's categories, each with the deals the page lists."""
        if self.found is None:
            return ()
        return tuple(map(largest_changes, self.found.movement.bases["pipeline"].categories))


def days_asked(params, quarter: FiscalQuarter) -> tuple[date, date]:
    """``?from=&to=``, else "since last week": from a week before D to D."""
    end = quarter.as_of(today()) or quarter.end
    try:
        day_to = date.fromisoformat(params["to"]) if params.get("to") else end
        day_from = date.fromisoformat(params["from"]) if params.get("from") else day_to - WEEK
    except ValueError as error:
        raise Http404("dates are YYYY-MM-DD") from error
    return day_from, day_to


def movement_deal_rows(page: MovementPage) -> tuple[list[str], list[list[object]]]:
    """Every deal behind each category of both bases (the page lists the largest), for CSV."""
    header = ["basis", "category", "deal", "stage then", "stage now", "amount then",
              "amount now", "close date then", "close date now", "change"]  # fmt: skip
    rows: list[list[object]] = []
    if page.found is None:
        return header, rows
    for basis, part in page.found.movement.bases.items():
        for category in part.categories:
            for move in category.deals:
                then, now = move.before, move.after
                rows.append([
                    basis, category.category, move.external_id,
                    then.stage if then else "", now.stage if now else "",
                    money_text(cents(then.amount_cents)) if then else "",
                    money_text(cents(now.amount_cents)) if now else "",
                    then.close_date.isoformat() if then else "",
                    now.close_date.isoformat() if now else "",
                    money_text(to_money(basis, move.change)),
                ])  # fmt: skip
    return header, rows


def movement_page(person: Person, quarter: FiscalQuarter, params) -> MovementPage:
    """A rep's movement, or a manager's team's with a line per rep."""
    day_from, day_to = days_asked(params, quarter)
    try:
        found = pipeline_movement([person], quarter, day_from, day_to)
    except MovementError as error:
        return MovementPage(person, quarter, day_from, day_to, None, (), (), str(error))
    if not found:
        return MovementPage(person, quarter, day_from, day_to, None, (), (), "no reps to show")
    main = found[-1]
    charts = tuple(
        _chart(
            f"movement-{basis}",
            movement_charts.waterfall(part, day_from, day_to, person.name),
        )
        for basis, part in main.movement.bases.items()
    )
    return MovementPage(person, quarter, day_from, day_to, main, tuple(found[:-1]), charts)
