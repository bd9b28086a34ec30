"""Load what pipeline movement needs (RULES.md "Pipeline movement") in a fixed number of
queries, and hand it to ``goals.movement``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from people.models import Person, Role
from people.selectors import descendants

from . import history_store, movement
from .calendar import FiscalQuarter
from .selectors import stage_weights


class MovementError(ValueError):
    """Days that movement cannot be computed for, with what to do instead."""


@dataclass(frozen=True)
class PersonMovement:
    """A rep's movement, or a manager's team's (the sum of its reps')."""

    person: Person
    movement: movement.Movement
    is_team: bool = False


def check_days(quarter: FiscalQuarter, day_from: date, day_to: date) -> None:
    """RULES.md: A < B, and A on or after the first observation (one query)."""
    if not day_from < day_to:
        raise MovementError(f"--from {day_from} must be before --to {day_to}")
    first = history_store.first_observed()
    if first is None:
        raise MovementError("no deal history yet: import an export first")
    if history_store.day_end(day_from) < first:
        raise MovementError(
            f"{day_from} is before the first observation of any deal "
            f"({first.astimezone(history_store.zone()):%Y-%m-%d %H:%M}): pick a later day"
        )


def pipeline_movement(
    people: Sequence[Person], quarter: FiscalQuarter, day_from: date, day_to: date
) -> list[PersonMovement]:
    """Each AE's movement in ``people``, and each manager's team's, from the end of
    ``day_from`` to the end of ``day_to``; seven queries whatever the deals or states (the
    deals that did not change are summed by the database: ``history_store.movement_ends``)."""
    check_days(quarter, day_from, day_to)
    links = list(Person.objects.values_list("id", "manager_id"))
    aes = {p.id: p for p in Person.objects.filter(role=Role.AE, is_active=True)}
    wanted: dict[int, list[int]] = {}
    for person in people:
        if person.role == Role.AE:
            wanted[person.id] = [person.id]
        elif person.role in (Role.MANAGER, Role.ADMIN):
            wanted[person.id] = sorted(i for i in descendants(person.id, links) if i in aes)
    ae_ids = sorted({i for ids in wanted.values() for i in ids})
    moments = (history_store.day_end(day_from), history_store.day_end(day_to))
    ends, steady = history_store.movement_ends(
        ae_ids, moments, movement.steady_filters(quarter.end)
    )
    weights = stage_weights()
    mine = by_owner(ends)
    empty = ({}, {})
    reps = {
        ae: movement.rep_movement(
            ae, quarter.end, (day_from, day_to), mine.get(ae, empty), weights, steady.get(ae)
        )
        for ae in ae_ids
    }
    found = []
    for person in people:
        ids = wanted.get(person.id)
        if not ids:
            continue
        if person.role == Role.AE:
            found.append(PersonMovement(person, reps[person.id]))
        else:
            team = movement.team_movement(person.id, [reps[i] for i in ids])
            found.extend(PersonMovement(aes[i], reps[i]) for i in ids)
            found.append(PersonMovement(person, team, is_team=True))
    return found


def by_owner(ends: tuple[Mapping, Mapping]) -> dict[int, tuple[dict, dict]]:
    """Each owner's deals at both ends: every deal it owns at A or at B, with its state at
    each end. A rep's movement reads only the deals it owns at one end or the other (RULES.md:
    in R's pipeline means R's), so each rep reads its own deals, not the whole org's (with 450
    reps over 10,000 deals, 57 s became a fraction of a second)."""
    found: dict[int, tuple[dict, dict]] = {}
    before_all, after_all = ends
    for external_id in before_all.keys() | after_all.keys():
        before, after = before_all.get(external_id), after_all.get(external_id)
        for owner in {s.owner_id for s in (before, after) if s is not None}:
            mine = found.setdefault(owner, ({}, {}))
            if before is not None:
                mine[0][external_id] = before
            if after is not None:
                mine[1][external_id] = after
    return found


def rows(found: Sequence[PersonMovement]) -> list[dict]:
    """``movement.movement_rows`` for ``pipeline_movement``'s result, each rep once."""
    seen, pairs = set(), []
    for item in found:
        key = (item.person.email, item.is_team)
        if key not in seen:
            seen.add(key)
            pairs.append((item.person.email, item.movement))
    return movement.movement_rows(pairs)
