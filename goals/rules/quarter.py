"""A quarter's figures for everyone, from the engine's inputs for one day, and the coaching flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from ..calendar import FiscalQuarter
from .ae import owner_values
from .facts import AE_METRICS, SDR_METRICS, EngineInputs, PersonFacts
from .figures import Figure, figures_for
from .look_ahead import LookAhead, look_ahead
from .sdr import sdr_values


@dataclass(frozen=True)
class PersonQuarter:
    """One person's figures for a fiscal quarter as of a date."""

    person: PersonFacts
    quarter: FiscalQuarter
    as_of: date
    figures: tuple[Figure, ...]
    look_ahead: LookAhead | None = None

    @property
    def misses_on_target(self) -> int:
        return sum(figure.below for figure in self.figures)

    @property
    def misses_on_pace(self) -> int:
        return sum(figure.behind_pace for figure in self.figures)

    @property
    def coaching_on_target(self) -> bool:
        # seed 000: "not meeting at least two of their weighted targets"
        return self.misses_on_target >= 2

    @property
    def coaching_on_pace(self) -> bool:
        return self.misses_on_pace >= 2

    def coaching(self, basis: str = "target") -> bool:
        """The coaching flag on the given basis, ``target`` or ``pace``."""
        if basis == "pace":
            return self.coaching_on_pace
        if basis == "target":
            return self.coaching_on_target
        raise ValueError(f"coaching basis is 'target' or 'pace', not {basis!r}")

    def figure(self, metric: str) -> Figure | None:
        return next((figure for figure in self.figures if figure.metric == metric), None)


def compute_quarter(
    inputs: EngineInputs, quarter: FiscalQuarter, as_of: date, *, live: bool
) -> list[PersonQuarter]:
    """Every person's figures for ``quarter`` as of ``as_of``.

    ``live`` says that ``as_of`` is the day the data describes (today): only then are the
    point-in-time metric and the look-ahead figures computed from open opportunities; for an
    earlier day the recorded point-in-time value is used (RULES.md, Snapshots).
    """
    ae_by_owner = {
        owner_id: owner_values(totals, inputs.stage_weights)
        for owner_id, totals in inputs.ae_totals.items()
    }
    meetings_by_sdr = _split(inputs.meetings, "sdr_id")
    no_meetings = inputs.meetings.iloc[0:0]

    results = []
    for person in inputs.people:
        extra = None
        if person.role == "ae":
            values = dict(_ae_defaults(), **ae_by_owner.get(person.id, {}))
            if live:
                target = inputs.targets.target(person, quarter, "closed_won_acv")
                extra = look_ahead(values, target)
            else:
                values["weighted_pipeline"] = inputs.recorded_pipeline.get(person.id)
            codes: tuple[str, ...] = AE_METRICS
        elif person.role == "sdr":
            meetings = meetings_by_sdr.get(person.id, no_meetings)
            values = sdr_values(
                person, inputs.saos.of(person.id), meetings, quarter, as_of, inputs.targets
            )
            codes = SDR_METRICS
        else:
            continue
        figures = figures_for(person, values, codes, inputs.metrics, quarter, as_of, inputs.targets)
        results.append(PersonQuarter(person, quarter, as_of, figures, extra))
    return results


def _split(frame: pd.DataFrame, key: str) -> dict[int, pd.DataFrame]:
    if frame.empty:
        return {}
    return {int(k): group for k, group in frame.groupby(key)}


def _ae_defaults() -> dict[str, Decimal]:
    zero = Decimal(0)
    return {
        "closed_won_acv": zero,
        "weighted_pipeline": zero,
        "new_logos_in_pipe": zero,
        "new_logos_closed": zero,
        "open_by_quarter_end": zero,
        "weighted_by_quarter_end": zero,
    }
