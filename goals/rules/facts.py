"""The engine's inputs: people, the metric catalogue, targets, and the typed totals a selector
loads for each question (``OwnerTotals``, ``OpenPipelineTotals``, ``SaoCounts``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from ..calendar import FiscalQuarter

OPEN_STAGES = ("1", "2", "3", "4", "5", "6")
WEIGHT_SCALE = 10_000  # stage weights are held as integer ten-thousandths
HUNDRED = Decimal(100)

AE_METRICS = ("closed_won_acv", "weighted_pipeline", "new_logos_in_pipe", "new_logos_closed")
SDR_METRICS = ("saos", "new_business_meetings", "rolling_attainment")
ROLLING_MONTHS = 6


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know about a person."""

    id: int
    email: str
    name: str
    role: str
    sdr_segment: str = ""
    start_date: date | None = None
    manager_id: int | None = None


@dataclass(frozen=True)
class MetricDef:
    """A catalogue entry: code, label, unit, kind (ytd, qtd, point, rolling) and role."""

    code: str
    label: str
    unit: str
    kind: str
    role: str


@dataclass(frozen=True)
class TargetBook:
    """Targets by role and segment per quarter, and per-person overrides, which win."""

    by_role: Mapping[tuple[int, int, str, str, str], Decimal] = field(default_factory=dict)
    overrides: Mapping[tuple[int, int, int, str], Decimal] = field(default_factory=dict)

    def target(self, person: PersonFacts, quarter: FiscalQuarter, metric: str) -> Decimal | None:
        """The person's target for ``metric`` in ``quarter``, or None when none is set."""
        override = self.overrides.get((person.id, quarter.year, quarter.number, metric))
        if override is not None:
            return override
        segment = person.sdr_segment if person.role == "sdr" else ""
        return self.by_role.get((quarter.year, quarter.number, metric, person.role, segment))


@dataclass(frozen=True)
class OwnerTotals:
    """All an AE's values need of their opportunities on one day: per ``SUMMED_COUNTS`` entry
    the amount in cents per stage, per ``ACCOUNT_COUNTS`` entry the number of distinct accounts.
    The engine sums deal rows into these (``ae_totals``); a selector may have the database do it."""

    cents_by_stage: Mapping[tuple[str, str], int] = field(default_factory=dict)
    accounts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class OpenPipelineTotals:
    """An AE's open opportunities in cents per stage: all of them (``weighted_pipeline``) and
    those closing by quarter end (``open_by_quarter_end``). The same whatever D, so one load
    serves a range of days."""

    open_cents: Mapping[str, int] = field(default_factory=dict)
    by_quarter_end_cents: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SaoCounts:
    """SAOs per sourcing SDR and SAO date: all the SDR rules read of opportunities."""

    by_sdr: Mapping[int, Mapping[date, int]] = field(default_factory=dict)

    def of(self, sdr_id: int) -> Mapping[date, int]:
        """One SDR's SAOs per day (none: empty)."""
        return self.by_sdr.get(sdr_id, {})


@dataclass(frozen=True)
class EngineInputs:
    """Everything ``compute_quarter`` reads for one day, loaded by a selector."""

    people: tuple[PersonFacts, ...]
    metrics: Mapping[str, MetricDef]
    # Each AE's opportunities summed for this quarter and D, by owner id.
    ae_totals: Mapping[int, OwnerTotals]
    saos: SaoCounts
    meetings: pd.DataFrame
    stage_weights: Mapping[str, Decimal]
    targets: TargetBook
    # Point-in-time values recorded for a past D (RULES.md: read, never reconstructed).
    recorded_pipeline: Mapping[int, Decimal] = field(default_factory=dict)
