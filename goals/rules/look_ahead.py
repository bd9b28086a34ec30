"""An AE's look-ahead figures: quarter-end projection and pipeline coverage (seeds 003, 004)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .figures import attainment

# seed 004: "Holds self accountable to 3x as a minimum" (pipeline coverage).
COVERAGE_MINIMUM = Decimal(3)


@dataclass(frozen=True)
class LookAhead:
    """An AE's quarter-end projection and pipeline coverage (RULES.md, seed 003 and 004)."""

    projected_closed_won: Decimal
    closed_won_target: Decimal | None
    open_pipeline: Decimal  # open amount with close_date by quarter end
    still_needed: Decimal | None
    pipeline_coverage: Decimal | None  # None when covered or when no target

    @property
    def covered(self) -> bool:
        return self.still_needed is not None and self.still_needed <= 0

    @property
    def projected_attainment(self) -> Decimal | None:
        """The projection against the quarter's closed-won target, in %."""
        return attainment(self.projected_closed_won, self.closed_won_target)

    @property
    def meets_coverage_minimum(self) -> bool | None:
        """Coverage at least ``COVERAGE_MINIMUM`` (or covered); None without a target."""
        if self.covered:
            return True
        if self.pipeline_coverage is None:
            return None
        return self.pipeline_coverage >= COVERAGE_MINIMUM


def look_ahead(values: Mapping[str, Decimal], target: Decimal | None) -> LookAhead:
    """Projection and coverage from an AE's values (RULES.md look-ahead figures)."""
    closed = values.get("closed_won_acv", Decimal(0))
    open_pipeline = values.get("open_by_quarter_end", Decimal(0))
    projected = closed + values.get("weighted_by_quarter_end", Decimal(0))
    # What is still needed to reach the target: 0 once reached, like Figure.needed.
    still_needed = None if target is None else max(target - closed, Decimal(0))
    coverage = None
    if still_needed is not None and still_needed > 0:
        coverage = open_pipeline / still_needed
    return LookAhead(
        projected_closed_won=projected,
        closed_won_target=target,
        open_pipeline=open_pipeline,
        still_needed=still_needed,
        pipeline_coverage=coverage,
    )
