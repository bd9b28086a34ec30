"""The engine's frames of deal rows: opportunities and meetings as typed pandas columns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

OPPORTUNITY_COLUMNS = (
    "id",
    "owner_id",
    "sourced_by_id",
    "account",
    "is_new_business",
    "stage",
    "amount_cents",
    "close_date",
    "sao_date",
)
MEETING_COLUMNS = ("id", "sdr_id", "date", "type", "took_place")


def opportunity_frame(rows: Iterable[tuple]) -> pd.DataFrame:
    """Build the engine's opportunity frame from tuples in ``OPPORTUNITY_COLUMNS`` order."""
    rows = list(rows)
    if not rows:
        return _EMPTY_OPPORTUNITIES.copy()
    return _frame(rows, OPPORTUNITY_COLUMNS, OPPORTUNITY_KINDS)


def meeting_frame(rows: Iterable[tuple]) -> pd.DataFrame:
    """Build the engine's meeting frame from tuples in ``MEETING_COLUMNS`` order."""
    rows = list(rows)
    if not rows:
        return _EMPTY_MEETINGS.copy()
    return _with_type_key(_frame(rows, MEETING_COLUMNS, MEETING_KINDS))


def _with_type_key(frame: pd.DataFrame) -> pd.DataFrame:
    frame["type_key"] = frame["type"].astype(str).str.strip().str.casefold()
    return frame


# How each column is typed: ids are integers (floats with NaN where one is blank), as pandas
# would infer them; amounts are integer cents.
OPPORTUNITY_KINDS = {
    "id": "id",
    "owner_id": "id",
    "sourced_by_id": "id",
    "account": "text",
    "is_new_business": "bool",
    "stage": "text",
    "amount_cents": "int",
    "close_date": "date",
    "sao_date": "date",
}
MEETING_KINDS = {"id": "id", "sdr_id": "id", "date": "date", "type": "text", "took_place": "bool"}


def _frame(rows: list[tuple], names: Sequence[str], kinds: Mapping[str, str]) -> pd.DataFrame:
    # Column by column with known types: DataFrame.from_records infers every value's type
    # and costs several times as much.
    columns = {}
    for name, values in zip(names, zip(*rows, strict=True), strict=True):
        kind = kinds[name]
        if kind == "id":
            columns[name] = _ids(values)
        elif kind == "int":
            columns[name] = np.array(values, dtype=np.int64)
        elif kind == "bool":
            columns[name] = np.array(values, dtype=bool)
        elif kind == "date":
            columns[name] = _to_datetime(values)
        else:
            columns[name] = pd.Series(values)
    return pd.DataFrame(columns, copy=False)


def _ids(values: Sequence) -> np.ndarray:
    try:
        return np.array(values, dtype=np.int64)
    except TypeError:  # a blank id
        return np.array(values, dtype=float)


EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
NAT = np.iinfo(np.int64).min  # NaT's integer


def _to_datetime(values: Sequence) -> np.ndarray | pd.Series:
    # Dates (PostgreSQL, SQLite through Django) become day numbers in one pass; numpy parsing
    # date objects is 10x slower, pandas parsing each distinct value 5x.
    try:
        days = [NAT if value is None else value.toordinal() - EPOCH_ORDINAL for value in values]
        return np.array(days, dtype=np.int64).view("datetime64[D]").astype("datetime64[s]")
    except AttributeError:
        pass
    # ISO strings (SQLite through a raw cursor) or anything else: parse each distinct value once.
    column = pd.Series(values, dtype=object)
    distinct = pd.unique(column.dropna())
    parsed = pd.to_datetime(pd.Series(distinct), errors="raise")
    return pd.to_datetime(column.map(dict(zip(distinct, parsed, strict=True))))


_EMPTY_OPPORTUNITIES = pd.DataFrame.from_records([], columns=list(OPPORTUNITY_COLUMNS)).astype(
    {"amount_cents": "int64", "is_new_business": bool}
)
for _column in ("close_date", "sao_date"):
    _EMPTY_OPPORTUNITIES[_column] = pd.to_datetime(_EMPTY_OPPORTUNITIES[_column])
_EMPTY_MEETINGS = pd.DataFrame.from_records([], columns=list(MEETING_COLUMNS))
_EMPTY_MEETINGS["date"] = pd.to_datetime(_EMPTY_MEETINGS["date"])
_EMPTY_MEETINGS["took_place"] = _EMPTY_MEETINGS["took_place"].astype(bool)
_EMPTY_MEETINGS = _with_type_key(_EMPTY_MEETINGS)


def _between(column: pd.Series, start: date, end: date) -> pd.Series:
    days = column.to_numpy()  # numpy compares in a tenth of pandas' time; NaT is never between
    return pd.Series(
        (days >= np.datetime64(start)) & (days <= np.datetime64(end)), index=column.index
    )
