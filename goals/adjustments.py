"""Targets adjusted for one person (RULES.md: an override carries a reason the person's page
shows): who set it, when and why, for the pages and exports that show a target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .calendar import FiscalQuarter
from .models import TargetOverride


@dataclass(frozen=True)
class Adjustment:
    """One person's own target for a metric in a quarter, instead of the role's."""

    person_id: int
    metric: str
    value: Decimal
    reason: str
    by: str
    at: datetime | None

    @property
    def text(self) -> str:
        """``target adjusted to 400000 by ops on 2023-09-01: ramping`` (one line)."""
        when = f" on {self.at:%Y-%m-%d}" if self.at else ""
        why = self.reason or "no reason given"
        return f"target adjusted to {self.value.normalize():f} by {self.by}{when}: {why}"


def target_adjustments(
    person_ids: Iterable[int], quarter: FiscalQuarter
) -> dict[int, dict[str, Adjustment]]:
    """Per person id and metric, the quarter's overrides (one query)."""
    rows = TargetOverride.objects.filter(
        person_id__in=list(person_ids), fiscal_year=quarter.year, quarter=quarter.number
    ).select_related("set_by")
    found: dict[int, dict[str, Adjustment]] = {}
    for row in rows:
        found.setdefault(row.person_id, {})[row.metric_id] = Adjustment(
            person_id=row.person_id,
            metric=row.metric_id,
            value=row.value,
            reason=row.reason,
            by=row.set_by.get_username() if row.set_by else "an admin",
            at=row.set_at,
        )
    return found


def adjustments_text(adjustments: dict[str, Adjustment]) -> str:
    """Every adjustment of one person, for an export cell: ``metric: text; …``."""
    return "; ".join(f"{metric}: {a.text}" for metric, a in sorted(adjustments.items()))
