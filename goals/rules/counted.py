"""What lies behind a figure: the deals and meetings that count, as pages list them so a rep
can check a figure by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from ..calendar import FiscalQuarter
from .ae import ae_masks
from .facts import PersonFacts
from .figures import cents, weight_units
from .frames import opportunity_frame
from .sdr import sdr_masks


@dataclass(frozen=True)
class CountedRow:
    """One opportunity or meeting that counts toward a metric, with its stage weight and
    weighted amount where the metric weighs it."""

    id: int
    account: str
    stage: str
    amount: Decimal
    weight: Decimal | None
    weighted_amount: Decimal | None
    on: date | None  # close date, SAO date or meeting date: the date that made it count


# The date that made a row count, per metric.
COUNTED_DATE = {
    "closed_won_acv": "close_date",
    "weighted_pipeline": "close_date",
    "new_logos_in_pipe": "sao_date",
    "new_logos_closed": "close_date",
    "saos": "sao_date",
}
WEIGHTED_METRICS = frozenset({"weighted_pipeline"})


class CountedRows(Sequence[CountedRow]):
    """The opportunities that count toward one metric, in the order pages list them (the date
    that made them count, then id). A ``CountedRow`` is built only for the rows read, so a
    page can list the first few of thousands and still say how many there are."""

    def __init__(
        self,
        frame: pd.DataFrame,
        positions: np.ndarray,
        date_column: str,
        stage_weights: Mapping[str, Decimal] | None,
    ):
        self._frame = frame
        self._positions = positions  # row positions in ``frame``, in list order
        self._date_column = date_column
        self._weights = stage_weights

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(self._positions[index])
        return self._rows(self._positions[[index]])[0]

    def __iter__(self):
        return iter(self._rows(self._positions))

    def largest(self, count: int) -> list[CountedRow]:
        """The ``count`` rows with the largest weighted amounts, largest first (ties in list
        order)."""
        weighted = self._weighted_units()
        return self._rows(self._positions[(-weighted).argsort(kind="stable")[:count]])

    def ordered(self, *keys: tuple[str, bool]) -> CountedRows:
        """The same rows in another order: ``keys`` are (field, descending) pairs, the first
        deciding; a field is ``on``, ``amount``, ``weighted``, ``stage`` or ``id``. Only the
        positions move: no row is built."""
        columns = [-self._sort_key(name) if down else self._sort_key(name) for name, down in keys]
        order = np.lexsort(columns[::-1])  # lexsort's last key decides first
        return CountedRows(self._frame, self._positions[order], self._date_column, self._weights)

    def where(self, mask: np.ndarray) -> CountedRows:
        """The rows for which ``mask`` (one entry per row, in list order) is true."""
        return CountedRows(self._frame, self._positions[mask], self._date_column, self._weights)

    @property
    def stages(self) -> np.ndarray:
        return self._column("stage")[self._positions]

    @property
    def dates(self) -> np.ndarray:
        """Each row's counted date as ``datetime64[D]`` (NaT where it has none)."""
        return self._column(self._date_column)[self._positions].astype("datetime64[D]")

    def total_amount(self) -> Decimal:
        """The rows' amounts added up, exactly (in cents)."""
        return cents(int(self._column("amount_cents")[self._positions].sum()))

    def _weighted_units(self) -> np.ndarray:
        # amount in cents × weight in ten-thousandths: the weighted amounts' exact order
        units = weight_units(self._weights or {})
        weights = np.array([units.get(stage, 0) for stage in self.stages], dtype=np.int64)
        return self._column("amount_cents")[self._positions] * weights

    def _sort_key(self, name: str) -> np.ndarray:
        if name == "on":  # no date sorts last, as date.max
            days = self.dates
            return np.where(np.isnat(days), np.iinfo(np.int64).max, days.view(np.int64))
        if name == "amount":
            return self._column("amount_cents")[self._positions]
        if name == "weighted":
            return self._weighted_units()
        if name == "stage":  # as strings compare
            return np.unique(self.stages, return_inverse=True)[1].reshape(-1)
        if name == "id":
            return self._column("id")[self._positions]
        raise ValueError(f"no sort field {name!r}")

    def _column(self, name: str) -> np.ndarray:
        return self._frame[name].to_numpy()

    def _rows(self, positions: np.ndarray) -> list[CountedRow]:
        ids, accounts, stages, amounts = (
            self._column(name)[positions].tolist()
            for name in ("id", "account", "stage", "amount_cents")
        )
        # datetime64[D] turns into dates (NaT into None) in one pass
        days = self._column(self._date_column)[positions].astype("datetime64[D]").tolist()
        rows = []
        for row_id, account, stage, amount_cents, on in zip(
            ids, accounts, stages, amounts, days, strict=True
        ):
            amount = cents(amount_cents)
            weight = None if self._weights is None else self._weights.get(stage, Decimal(0))
            rows.append(
                CountedRow(
                    id=int(row_id),
                    account=account,
                    stage=stage,
                    amount=amount,
                    weight=weight,
                    weighted_amount=None if weight is None else amount * weight,
                    on=on,
                )
            )
        return rows


def no_counted_rows() -> CountedRows:
    """No rows: what stands behind a list that has none (an earlier day's deals to close)."""
    return CountedRows(opportunity_frame([]), np.arange(0), "close_date", {})


def ae_counted_rows(
    frame: pd.DataFrame,
    quarter: FiscalQuarter,
    as_of: date,
    stage_weights: Mapping[str, Decimal],
    *,
    live: bool,
    masks: Mapping[str, pd.Series] | None = None,
) -> dict[str, CountedRows]:
    """Per AE metric (and ``open_by_quarter_end``), the opportunities that count, from the
    same masks as ``ae_values`` (``masks``: the frame's ``ae_masks``, when the caller has them
    already). For an earlier day (not ``live``) ``weighted_pipeline`` was read from a
    snapshot, so no rows stand behind it."""
    if masks is None:
        masks = ae_masks(frame, quarter, as_of)
    ids = frame["id"].to_numpy()
    # Every row in date order once per date column (the dates of counted rows are never
    # blank: each mask requires its date or the column is NOT NULL); each list keeps its rows.
    orders = {
        column: np.lexsort((ids, frame[column].to_numpy())) for column in set(COUNTED_DATE.values())
    }
    result = {}
    for code, mask in masks.items():
        if not live and code in ("weighted_pipeline", "open_by_quarter_end"):
            continue
        weights = stage_weights if code in WEIGHTED_METRICS | {"open_by_quarter_end"} else None
        column = COUNTED_DATE.get(code, "close_date")
        order = orders[column]
        positions = order[mask.to_numpy()[order]]
        result[code] = CountedRows(frame, positions, column, weights)
    return result


def sdr_counted_rows(
    person: PersonFacts,
    saos: pd.DataFrame,
    meetings: pd.DataFrame,
    quarter: FiscalQuarter,
    as_of: date,
) -> dict[str, list[int]]:
    """Per SDR quarter-to-date metric, the ids of the SAO opportunities or meetings that count,
    from the same masks as ``sdr_values``, in the order pages list them (date, then id)."""
    masks = sdr_masks(person, saos, meetings, quarter, as_of)
    return {
        "saos": _ids_by_date(saos[masks["saos"].to_numpy()], "sao_date"),
        "new_business_meetings": _ids_by_date(
            meetings[masks["new_business_meetings"].to_numpy()], "date"
        ),
    }


def _ids_by_date(frame: pd.DataFrame, date_column: str) -> list[int]:
    ids = frame["id"].to_numpy()
    return [int(i) for i in ids[np.lexsort((ids, frame[date_column].to_numpy()))]]
