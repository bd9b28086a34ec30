"""Team views: totals against summed targets, leaderboards, reps without targets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..calendar import FiscalQuarter
from .facts import AE_METRICS, SDR_METRICS, MetricDef, PersonFacts, TargetBook
from .figures import attainment
from .quarter import PersonQuarter


@dataclass(frozen=True)
class TeamTotal:
    """A team's total for a metric against the sum of its members' targets."""

    metric: str
    value: Decimal
    target: Decimal
    people: int  # members with a target and a value, the ones summed

    @property
    def attainment(self) -> Decimal | None:
        return attainment(self.value, self.target)


def team_totals(
    results: Iterable[PersonQuarter], metrics: Mapping[str, MetricDef]
) -> list[TeamTotal]:
    """Σ value against Σ target per metric over the members that have both. A percentage
    (rolling attainment) does not add up, so it has no total."""
    sums: dict[str, list] = {}
    for result in results:
        for figure in result.figures:
            if metrics[figure.metric].unit == "percent":
                continue
            if figure.value is None or figure.target is None:
                continue
            entry = sums.setdefault(figure.metric, [Decimal(0), Decimal(0), 0])
            entry[0] += figure.value
            entry[1] += figure.target
            entry[2] += 1
    return [TeamTotal(code, *sums[code]) for code in metrics if code in sums]


# The figure a quarter's leaderboard ranks each role by.
LEADERBOARD_METRIC = {"ae": "closed_won_acv", "sdr": "saos"}


def leaderboard(results: Iterable[PersonQuarter], role: str) -> list[PersonQuarter]:
    """The role's people ranked by attainment of its leaderboard metric, then by value; people
    without a figure come last."""
    code = LEADERBOARD_METRIC[role]

    def key(result: PersonQuarter):
        figure = result.figure(code)
        att = figure.attainment if figure else None
        value = figure.value if figure else None
        return (att is None, -(att or 0), -(value or 0), result.person.name)

    return sorted((r for r in results if r.person.role == role), key=key)


def people_without_targets(
    people: Iterable[PersonFacts], quarter: FiscalQuarter, targets: TargetBook
) -> list[PersonFacts]:
    """Reps with no target at all for ``quarter`` (nothing they could be measured against)."""
    codes = {"ae": AE_METRICS, "sdr": SDR_METRICS}
    return [
        person
        for person in people
        if person.role in codes
        and all(targets.target(person, quarter, code) is None for code in codes[person.role])
    ]


@dataclass(frozen=True)
class RoleQuarter:
    """One role's line of the company's quarter: its people, each metric's total against the
    sum of targets, and how many people the coaching flag is on for (on ``basis`` and on the
    other basis, which pages show second)."""

    role: str
    people: int
    totals: tuple[TeamTotal, ...]
    basis: str
    coaching: int
    coaching_other: int


def company_quarter(
    results: Iterable[PersonQuarter], metrics: Mapping[str, MetricDef], basis: str
) -> list[RoleQuarter]:
    """Per role (AE, then SDR), RULES.md's team totals over everyone of that role and the
    coaching count; a role nobody holds has no line."""
    other = "target" if basis == "pace" else "pace"
    results = list(results)
    lines = []
    for role in ("ae", "sdr"):
        members = [r for r in results if r.person.role == role]
        if not members:
            continue
        role_metrics = {code: m for code, m in metrics.items() if m.role == role}
        lines.append(
            RoleQuarter(
                role=role,
                people=len(members),
                totals=tuple(team_totals(members, role_metrics)),
                basis=basis,
                coaching=sum(r.coaching(basis) for r in members),
                coaching_other=sum(r.coaching(other) for r in members),
            )
        )
    return lines
