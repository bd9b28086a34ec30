"""Pace and attainment (RULES.md): a metric's value turned into a figure against its target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..calendar import FiscalQuarter
from .facts import HUNDRED, WEIGHT_SCALE, MetricDef, PersonFacts, TargetBook


@dataclass(frozen=True)
class Figure:
    """One metric for one person as of a date: RULES.md's value, target, pace and attainment."""

    metric: str
    value: Decimal | None
    target: Decimal | None
    pace: Decimal | None
    attainment: Decimal | None

    @property
    def below(self) -> bool:
        """Below target (RULES.md); a metric without target or value is never below."""
        return self.value is not None and self.target is not None and self.value < self.target

    @property
    def behind_pace(self) -> bool:
        return self.value is not None and self.pace is not None and self.value < self.pace

    @property
    def on_pace(self) -> bool:
        return self.pace is not None and self.value is not None and self.value >= self.pace

    def gap(self) -> Decimal | None:
        """How much more is needed to reach the target (0 when reached)."""
        if self.value is None or self.target is None:
            return None
        return max(self.target - self.value, Decimal(0))


def pace(
    kind: str, target: Decimal | None, previous_target: Decimal | None, elapsed: Decimal
) -> Decimal | None:
    """RULES.md pace: where the value should stand today for each metric kind."""
    if target is None:
        return None
    if kind == "ytd":
        start = previous_target or Decimal(0)
        return start + (target - start) * elapsed
    if kind == "qtd":
        return target * elapsed
    return target


def attainment(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """value ÷ target × 100; None without a value or a (non-zero) target."""
    if value is None or target is None or target == 0:
        return None
    return value / target * HUNDRED


def cents(total: int) -> Decimal:
    return Decimal(int(total)) / HUNDRED


def weight_units(stage_weights: Mapping[str, Decimal]) -> dict[str, int]:
    """Stage weights as integer ten-thousandths, for exact weighted sums."""
    return {stage: int(weight * WEIGHT_SCALE) for stage, weight in stage_weights.items()}


def figures_for(
    person: PersonFacts,
    values: Mapping[str, Decimal | None],
    codes: Iterable[str],
    metrics: Mapping[str, MetricDef],
    quarter: FiscalQuarter,
    as_of: date,
    targets: TargetBook,
) -> tuple[Figure, ...]:
    """Turn metric values into figures with target, pace and attainment."""
    elapsed = quarter.elapsed(as_of)
    previous = quarter.previous()
    result = []
    for code in codes:
        kind = metrics[code].kind
        target = targets.target(person, quarter, code)
        # RULES.md: the previous quarter's target is 0 in Q1.
        previous_target = None if quarter.number == 1 else targets.target(person, previous, code)
        value = values.get(code)
        result.append(
            Figure(
                metric=code,
                value=value,
                target=target,
                pace=pace(kind, target, previous_target, elapsed),
                attainment=attainment(value, target),
            )
        )
    return tuple(result)
