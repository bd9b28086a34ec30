"""The movement page's data: the days asked for (default: since last week) and the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404

from goals.calendar import FiscalQuarter, today
from goals.movement_selectors import MovementError, PersonMovement, pipeline_movement
from people.models import Person

from . import movement_charts
from .pages import Chart, _chart

WEEK = timedelta(days=7)


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


def days_asked(params, quarter: FiscalQuarter) -> tuple[date, date]:
    """``?from=&to=``, else "since last week": from a week before D to D."""
    end = quarter.as_of(today()) or quarter.end
    try:
        day_to = date.fromisoformat(params["to"]) if params.get("to") else end
        day_from = date.fromisoformat(params["from"]) if params.get("from") else day_to - WEEK
    except ValueError as error:
        raise Http404("dates are YYYY-MM-DD") from error
    return day_from, day_to


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
