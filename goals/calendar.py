"""The fiscal calendar of RULES.md, as plain functions and values.

A fiscal year starts on the 1st of ``FISCAL_YEAR_START_MONTH`` and is named by the calendar year
in which it ends (start month 2: FY24 = 2023-02-01 … 2024-01-31). Quarters are consecutive
three-month blocks. Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

_QUARTER_LABEL = re.compile(r"^\s*FY(\d{2}|\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


def start_month() -> int:
    """The month (1-12) the fiscal year starts in, from settings."""
    return settings.FISCAL_YEAR_START_MONTH


def add_months(day: date, months: int) -> date:
    """The 1st of the month ``months`` after the month holding ``day``."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def today() -> date:
    """Today in Pacer's time zone, or the frozen PACER_TODAY of a demo or a test."""
    return settings.PACER_TODAY or timezone.localdate()


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A fiscal year, named by the calendar year it ends in (``year=2024`` is FY24)."""

    year: int

    @classmethod
    def containing(cls, day: date) -> FiscalYear:
        if start_month() == 1 or day.month < start_month():
            return cls(day.year)
        return cls(day.year + 1)

    @property
    def start(self) -> date:
        if start_month() == 1:
            return date(self.year, 1, 1)
        return date(self.year - 1, start_month(), 1)

    @property
    def end(self) -> date:
        return add_months(self.start, 12) - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"FY{self.year % 100:02d}"

    def quarter(self, number: int) -> FiscalQuarter:
        return FiscalQuarter(self.year, number)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class FiscalQuarter:
    """Quarter ``number`` (1-4) of fiscal year ``year``, written ``FY24-Q3``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"a fiscal quarter is 1 to 4, not {self.number}")

    @classmethod
    def containing(cls, day: date) -> FiscalQuarter:
        fiscal_year = FiscalYear.containing(day)
        months_in = (day.year - fiscal_year.start.year) * 12 + day.month - fiscal_year.start.month
        return cls(fiscal_year.year, months_in // 3 + 1)

    @classmethod
    def parse(cls, label: str) -> FiscalQuarter:
        """Read ``FY24-Q3`` (or ``FY2024-Q3``); raise ValueError on anything else."""
        match = _QUARTER_LABEL.match(label or "")
        if not match:
            raise ValueError(f"{label!r} is not a fiscal quarter like FY24-Q3")
        year = int(match.group(1))
        return cls(year + 2000 if year < 100 else year, int(match.group(2)))

    @property
    def fiscal_year(self) -> FiscalYear:
        return FiscalYear(self.year)

    @property
    def start(self) -> date:
        return add_months(self.fiscal_year.start, 3 * (self.number - 1))

    @property
    def end(self) -> date:
        return add_months(self.start, 3) - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.fiscal_year.label}-Q{self.number}"

    def previous(self) -> FiscalQuarter:
        if self.number == 1:
            return FiscalQuarter(self.year - 1, 4)
        return FiscalQuarter(self.year, self.number - 1)

    def next(self) -> FiscalQuarter:
        if self.number == 4:
            return FiscalQuarter(self.year + 1, 1)
        return FiscalQuarter(self.year, self.number + 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def elapsed(self, as_of: date) -> Decimal:
        """Days from the quarter's start to ``as_of`` inclusive, over the days in the quarter.

        Clamped to 0 before the quarter and 1 after it.
        """
        if as_of < self.start:
            return Decimal(0)
        if as_of >= self.end:
            return Decimal(1)
        return Decimal((as_of - self.start).days + 1) / Decimal(self.days)

    def as_of(self, on: date) -> date | None:
        """The date D figures are computed as of: today for the current quarter, the last day
        of a past quarter, and None for a future quarter (RULES.md)."""
        if on < self.start:
            return None
        return min(on, self.end)

    def __str__(self) -> str:
        return self.label


def complete_months_before(day: date, count: int) -> list[date]:
    """The first days of the ``count`` calendar months before the month holding ``day``, oldest
    first: the month holding D is never complete before D, even on its last day."""
    return [add_months(day, -offset) for offset in range(count, 0, -1)]
