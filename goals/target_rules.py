"""RULES.md's targets as plain functions: the proposal for a quarter with none, and what a
change of targets does to the coaching flags.

A quarter's role targets are a ``TargetGrid``: ``{(metric, role, sdr_segment): value}``
(``sdr_segment`` is ``""`` for AEs). Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .calendar import FiscalQuarter
from .rules import PersonFacts, PersonQuarter, TargetBook

TargetKey = tuple[str, str, str]  # (metric, role, sdr_segment)
TargetGrid = Mapping[TargetKey, Decimal]


def proposal_sources(quarter: FiscalQuarter) -> tuple[FiscalQuarter, FiscalQuarter | None]:
    """The quarters a proposal for ``quarter`` reads: the one it copies or steps from, and the
    one before that (for a year-to-date step), or None when there is no step to take."""
    if quarter.number == 1:
        # RULES.md: "A Q1 proposes the previous year's Q1."
        return FiscalQuarter(quarter.year - 1, 1), None
    prior = quarter.previous()
    return prior, (None if prior.number == 1 else prior.previous())


def propose_targets(
    quarter: FiscalQuarter,
    prior: TargetGrid,
    before_prior: TargetGrid,
    kinds: Mapping[str, str],
) -> dict[TargetKey, Decimal]:
    """RULES.md's proposal for ``quarter``, from the targets of ``proposal_sources(quarter)``.

    seed 000: "rolling goal totals from the prior quarter". A year-to-date AE metric gets the
    prior target plus the prior step (that target minus the one before it; the target itself
    when the prior quarter is a Q1 or the metric is new in it); a point-in-time or rolling
    metric and every SDR target get the prior target; a Q1 copies the previous year's Q1.
    """
    if quarter.number == 1:
        return dict(prior)
    prior_is_q1 = quarter.previous().number == 1
    proposed: dict[TargetKey, Decimal] = {}
    for key, value in prior.items():
        metric, role, _segment = key
        if role == "sdr" or kinds.get(metric) != "ytd":
            proposed[key] = value
            continue
        before = before_prior.get(key)
        step = value if prior_is_q1 or before is None else value - before
        proposed[key] = value + step
    return proposed


def book_with_grid(book: TargetBook, quarter: FiscalQuarter, grid: TargetGrid) -> TargetBook:
    """``book`` with the role targets of ``quarter`` replaced by ``grid`` (overrides kept)."""
    by_role = {
        key: value
        for key, value in book.by_role.items()
        if (key[0], key[1]) != (quarter.year, quarter.number)
    }
    for (metric, role, segment), value in grid.items():
        by_role[(quarter.year, quarter.number, metric, role, segment)] = value
    return TargetBook(by_role=by_role, overrides=book.overrides)


def book_with_override(
    book: TargetBook,
    person_id: int,
    quarter: FiscalQuarter,
    metric: str,
    value: Decimal | None,
) -> TargetBook:
    """``book`` with one person's override set to ``value`` (None: removed)."""
    overrides = dict(book.overrides)
    key = (person_id, quarter.year, quarter.number, metric)
    if value is None:
        overrides.pop(key, None)
    else:
        overrides[key] = value
    return TargetBook(by_role=book.by_role, overrides=overrides)


@dataclass(frozen=True)
class FlagChange:
    """A person whose coaching flag a change of targets turns on or off."""

    person: PersonFacts
    flagged_before: bool
    flagged_after: bool


def flag_changes(
    before: Iterable[PersonQuarter], after: Iterable[PersonQuarter], basis: str
) -> list[FlagChange]:
    """The people whose coaching flag (on ``basis``) differs between two computations of the
    same quarter and day, in name order."""
    was = {result.person.id: result.coaching(basis) for result in before}
    changes = [
        FlagChange(result.person, was.get(result.person.id, False), result.coaching(basis))
        for result in after
        if result.coaching(basis) != was.get(result.person.id, False)
    ]
    return sorted(changes, key=lambda change: (change.person.name, change.person.id))


def describe_effect(changes: Sequence[FlagChange] | None) -> str:
    """The effect in words: "3 reps change flag (2 flagged, 1 cleared)"; None: no figures."""
    if changes is None:
        return "no figures yet for this quarter: no flag changes"
    if not changes:
        return "no rep changes flag"
    flagged = sum(change.flagged_after for change in changes)
    noun = "rep changes" if len(changes) == 1 else "reps change"
    return f"{len(changes)} {noun} flag ({flagged} flagged, {len(changes) - flagged} cleared)"
