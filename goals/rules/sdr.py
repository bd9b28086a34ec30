"""SDR metrics (RULES.md): SAOs and new-business meetings this quarter, rolling attainment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from ..calendar import FiscalQuarter, complete_months_before
from .facts import HUNDRED, ROLLING_MONTHS, PersonFacts, SaoCounts, TargetBook
from .frames import _between

# RULES.md: meeting types that count toward new_business_meetings, per SDR segment.
MEETING_TYPES_BY_SEGMENT: dict[str, frozenset[str]] = {
    "outbound": frozenset({"new business meeting"}),
    "inbound": frozenset({"new business meeting"}),
    "vc_bod": frozenset({"ebc", "referral"}),
}


def sao_counts(frame: pd.DataFrame) -> SaoCounts:
    """An opportunity frame's SAOs counted per sourcing SDR and SAO date (a row without either
    is no SAO)."""
    known = frame[frame["sourced_by_id"].notna() & frame["sao_date"].notna()]
    by_sdr: dict[int, dict[date, int]] = {}
    # datetime64[D] turns into dates in one pass
    days = known["sao_date"].to_numpy().astype("datetime64[D]").tolist()
    for sdr_id, day in zip(known["sourced_by_id"].tolist(), days, strict=True):
        per_day = by_sdr.setdefault(int(sdr_id), {})
        per_day[day] = per_day.get(day, 0) + 1
    return SaoCounts(by_sdr)


def sdr_meeting_mask(meetings: pd.DataFrame, segment: str) -> pd.Series:
    """Meetings that took place and whose type counts for the segment (RULES.md)."""
    counted = MEETING_TYPES_BY_SEGMENT.get(segment, frozenset())
    return meetings["took_place"] & meetings["type_key"].isin(counted)


def new_business_meetings_mask(
    person: PersonFacts, meetings: pd.DataFrame, quarter: FiscalQuarter, as_of: date
) -> pd.Series:
    """The SDR's meetings that count toward ``new_business_meetings`` as of D."""
    return sdr_meeting_mask(meetings, person.sdr_segment) & _between(
        meetings["date"], quarter.start, as_of
    )


def sdr_masks(
    person: PersonFacts,
    saos: pd.DataFrame,
    meetings: pd.DataFrame,
    quarter: FiscalQuarter,
    as_of: date,
) -> dict[str, pd.Series]:
    """Which of an SDR's SAO opportunities and meetings count toward the quarter-to-date
    metrics (``saos`` masks ``saos``, ``new_business_meetings`` masks ``meetings``)."""
    return {
        "saos": _between(saos["sao_date"], quarter.start, as_of),
        "new_business_meetings": new_business_meetings_mask(person, meetings, quarter, as_of),
    }


def saos_this_quarter(saos: Mapping[date, int], quarter: FiscalQuarter, as_of: date) -> int:
    """SAOs from the quarter's start to D (the window ``sdr_masks`` lists)."""
    return sum(count for day, count in saos.items() if quarter.start <= day <= as_of)


def sdr_values(
    person: PersonFacts,
    saos: Mapping[date, int],
    meetings: pd.DataFrame,
    quarter: FiscalQuarter,
    as_of: date,
    targets: TargetBook,
) -> dict[str, Decimal | None]:
    """An SDR's metric values from their SAOs per day and their own meetings."""
    meeting_mask = new_business_meetings_mask(person, meetings, quarter, as_of)
    return {
        "saos": Decimal(saos_this_quarter(saos, quarter, as_of)),
        "new_business_meetings": Decimal(int(meeting_mask.sum())),
        "rolling_attainment": rolling_attainment(person, saos, as_of, targets),
    }


def rolling_months(person: PersonFacts, as_of: date) -> list[date]:
    """The months (their 1st days) that make up an SDR's rolling attainment as of D."""
    months = complete_months_before(as_of, ROLLING_MONTHS)
    # RULES.md: a month that begins before the start date is left out.
    return [m for m in months if person.start_date is None or m >= person.start_date]


@dataclass(frozen=True)
class MonthAttainment:
    """One month of an SDR's rolling attainment: SAOs against a third of the quarter target."""

    month: date
    saos: int
    quarter_target: Decimal

    @property
    def monthly_target(self) -> Decimal:
        return self.quarter_target / 3

    @property
    def ratio(self) -> Decimal:
        return Decimal(self.saos) * 3 / self.quarter_target

    @property
    def attainment(self) -> Decimal:
        return self.ratio * HUNDRED


def monthly_sao_attainment(
    person: PersonFacts, saos: Mapping[date, int], as_of: date, targets: TargetBook
) -> list[MonthAttainment]:
    """The months that make up the rolling attainment as of D, oldest first, each with its
    SAOs ÷ (the quarter's SAO target ÷ 3) in %. ``saos``: the SDR's SAOs per day."""
    by_month: dict[tuple[int, int], int] = {}
    for day, count in saos.items():
        by_month[(day.year, day.month)] = by_month.get((day.year, day.month), 0) + count
    months = []
    for month in rolling_months(person, as_of):
        target = targets.target(person, FiscalQuarter.containing(month), "saos")
        if not target:
            continue  # a month without an SAO target cannot be measured
        months.append(MonthAttainment(month, by_month.get((month.year, month.month), 0), target))
    return months


def rolling_attainment(
    person: PersonFacts, saos: Mapping[date, int], as_of: date, targets: TargetBook
) -> Decimal | None:
    """Mean over the recent complete months of SAOs ÷ (quarter's SAO target ÷ 3), in %."""
    months = monthly_sao_attainment(person, saos, as_of, targets)
    if not months:
        return None
    return sum((m.ratio for m in months), Decimal(0)) / len(months) * HUNDRED
