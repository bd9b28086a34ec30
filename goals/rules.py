"""The goal rules of RULES.md, as plain functions over plain data.

Everything Pacer shows (pages, API, exports, snapshots, the CLI) comes from ``compute_quarter``.
Nothing here touches the database: ``goals.selectors`` loads what these functions need in a
fixed number of queries and hands it over as dataclasses and pandas frames.

Money is exact: amounts arrive as integer cents and stage weights as integer basis points of a
ten-thousandth, so sums are integer arithmetic and results are ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from .calendar import FiscalQuarter, complete_months_before

OPEN_STAGES = ("1", "2", "3", "4", "5", "6")
WEIGHT_SCALE = 10_000  # stage weights are held as integer ten-thousandths
HUNDRED = Decimal(100)

# RULES.md: meeting types that count toward new_business_meetings, per SDR segment.
MEETING_TYPES_BY_SEGMENT: dict[str, frozenset[str]] = {
    "outbound": frozenset({"new business meeting"}),
    "inbound": frozenset({"new business meeting"}),
    "vc_bod": frozenset({"ebc", "referral"}),
}

AE_METRICS = ("closed_won_acv", "weighted_pipeline", "new_logos_in_pipe", "new_logos_closed")
SDR_METRICS = ("saos", "new_business_meetings", "rolling_attainment")
ROLLING_MONTHS = 6
# seed 004: "Holds self accountable to 3x as a minimum" (pipeline coverage).
COVERAGE_MINIMUM = Decimal(3)

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


# --- inputs ---------------------------------------------------------------------------------


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
class EngineInputs:
    """Everything ``compute_quarter`` reads, loaded by a selector."""

    people: tuple[PersonFacts, ...]
    metrics: Mapping[str, MetricDef]
    # AEs' opportunities, grouped by owner, and SDRs' SAOs, grouped by the sourcing SDR.
    owned: pd.DataFrame
    sourced: pd.DataFrame
    meetings: pd.DataFrame
    stage_weights: Mapping[str, Decimal]
    targets: TargetBook
    # Point-in-time values recorded for a past D (RULES.md: read, never reconstructed).
    recorded_pipeline: Mapping[int, Decimal] = field(default_factory=dict)
    # AEs' opportunities already summed per owner (``ae_totals``) for this quarter and D,
    # in place of ``owned``'s rows.
    owner_totals: Mapping[int, OwnerTotals] | None = None
    # For a past D: each AE's point-in-time sums from the deal history (``history_store``).
    past_open: Mapping[int, Mapping[str, Decimal]] | None = None


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


# --- results --------------------------------------------------------------------------------


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


# --- the rules ------------------------------------------------------------------------------


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


def _between(column: pd.Series, start: date, end: date) -> pd.Series:
    days = column.to_numpy()  # numpy compares in a tenth of pandas' time; NaT is never between
    return pd.Series(
        (days >= np.datetime64(start)) & (days <= np.datetime64(end)), index=column.index
    )


@dataclass(frozen=True)
class Counts:
    """Which opportunities count toward an AE figure, as data (stage among ``stages``, new
    business only, ``date_column`` from ``start`` to ``end``), so that the engine's masks and
    a selector's SQL ask one question. ``None`` leaves that part open."""

    stages: tuple[str, ...] | None = None
    new_business_only: bool = False
    date_column: str | None = None
    start: date | None = None
    end: date | None = None

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """The rows of an opportunity frame that count (a missing date never counts)."""
        # On numpy arrays: each pandas operation costs more than the comparison itself.
        mask = np.ones(len(frame), dtype=bool)
        if self.stages is not None:
            mask &= frame["stage"].isin(self.stages).to_numpy()
        if self.new_business_only:
            mask &= frame["is_new_business"].to_numpy(dtype=bool)
        if self.date_column is not None:
            column = frame[self.date_column].to_numpy()
            if self.start is not None:
                mask &= column >= np.datetime64(self.start)
            if self.end is not None:
                mask &= column <= np.datetime64(self.end)
        return pd.Series(mask, index=frame.index)


def ae_counts(quarter: FiscalQuarter, as_of: date) -> dict[str, Counts]:
    """RULES.md: which of an AE's opportunities count toward each AE metric and look-ahead
    figure, as of D."""
    fy_start = quarter.fiscal_year.start
    return {
        "closed_won_acv": Counts(("won",), False, "close_date", fy_start, as_of),
        "weighted_pipeline": Counts(OPEN_STAGES),
        "new_logos_in_pipe": Counts(None, True, "sao_date", fy_start, as_of),
        "new_logos_closed": Counts(("won",), True, "close_date", fy_start, as_of),
        "open_by_quarter_end": Counts(OPEN_STAGES, False, "close_date", None, quarter.end),
    }


# What each AE value takes of the opportunities that count (``ae_counts``): their amount, their
# amount × weight(stage), or the number of distinct accounts.
AE_VALUES: dict[str, tuple[str, str]] = {
    "closed_won_acv": ("closed_won_acv", "amount"),
    "weighted_pipeline": ("weighted_pipeline", "weighted"),
    "new_logos_in_pipe": ("new_logos_in_pipe", "accounts"),
    "new_logos_closed": ("new_logos_closed", "accounts"),
    "open_by_quarter_end": ("open_by_quarter_end", "amount"),
    "weighted_by_quarter_end": ("open_by_quarter_end", "weighted"),
}
SUMMED_COUNTS = tuple(dict.fromkeys(c for c, how in AE_VALUES.values() if how != "accounts"))
ACCOUNT_COUNTS = tuple(dict.fromkeys(c for c, how in AE_VALUES.values() if how == "accounts"))


@dataclass(frozen=True)
class OwnerTotals:
    """All an AE's values need of their opportunities: per ``SUMMED_COUNTS`` entry the amount
    in cents per stage, per ``ACCOUNT_COUNTS`` entry the number of distinct accounts. The
    engine sums rows into these (``ae_totals``); a selector may have the database do it."""

    cents_by_stage: Mapping[tuple[str, str], int] = field(default_factory=dict)
    accounts: Mapping[str, int] = field(default_factory=dict)


def ae_masks(frame: pd.DataFrame, quarter: FiscalQuarter, as_of: date) -> dict[str, pd.Series]:
    """Which of an AE's opportunities count toward each AE metric and look-ahead figure."""
    return {code: counts.mask(frame) for code, counts in ae_counts(quarter, as_of).items()}


def ae_totals(
    frame: pd.DataFrame,
    quarter: FiscalQuarter,
    as_of: date,
    masks: Mapping[str, pd.Series] | None = None,
) -> dict[int, OwnerTotals]:
    """``OwnerTotals`` per owner id from one frame of opportunities (``masks``: its
    ``ae_masks``, when the caller has them already)."""
    if frame.empty:
        return {}
    if masks is None:
        masks = ae_masks(frame, quarter, as_of)
    # Group with integer codes on numpy arrays: a pandas groupby per count costs ~1 ms.
    owner_codes, owners = pd.factorize(frame["owner_id"])
    stage_codes, stages = pd.factorize(frame["stage"])
    account_codes, accounts_seen = pd.factorize(frame["account"])
    amounts = frame["amount_cents"].to_numpy(dtype=np.int64)
    owned = owner_codes >= 0
    groups = owner_codes * len(stages) + stage_codes
    cents: dict[int, dict[tuple[str, str], int]] = {int(o): {} for o in owners}
    for code in SUMMED_COUNTS:
        counted = masks[code].to_numpy() & owned
        sums = np.zeros(len(owners) * len(stages), dtype=np.int64)
        np.add.at(sums, groups[counted], amounts[counted])
        for group in np.unique(groups[counted]).tolist():
            owner, stage = divmod(group, len(stages))
            cents[int(owners[owner])][(code, stages[stage])] = int(sums[group])
    accounts: dict[int, dict[str, int]] = {int(o): {} for o in owners}
    for code in ACCOUNT_COUNTS:
        counted = masks[code].to_numpy() & owned & (account_codes >= 0)
        pairs = np.unique(owner_codes[counted] * len(accounts_seen) + account_codes[counted])
        numbers = np.bincount(pairs // max(len(accounts_seen), 1), minlength=len(owners))
        for owner, number in enumerate(numbers.tolist()):
            accounts[int(owners[owner])][code] = number
    return {owner_id: OwnerTotals(cents[owner_id], accounts[owner_id]) for owner_id in cents}


def owner_values(totals: OwnerTotals, stage_weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """One AE's metric values (and look-ahead sums) from their ``OwnerTotals``."""
    units = weight_units(stage_weights)
    values = {}
    for code, (counts, how) in AE_VALUES.items():
        if how == "accounts":
            values[code] = Decimal(totals.accounts.get(counts, 0))
            continue
        by_stage = [(s, c) for (name, s), c in totals.cents_by_stage.items() if name == counts]
        if how == "amount":
            values[code] = cents(sum(c for _, c in by_stage))
        else:
            weighted = sum(c * units.get(s, 0) for s, c in by_stage)
            values[code] = Decimal(weighted) / (HUNDRED * WEIGHT_SCALE)
    return values


def ae_values(
    frame: pd.DataFrame, quarter: FiscalQuarter, as_of: date, stage_weights: Mapping[str, Decimal]
) -> dict[int, dict[str, Decimal]]:
    """AE metric values (and look-ahead sums) per owner id, from one frame of opportunities."""
    return {
        owner_id: owner_values(totals, stage_weights)
        for owner_id, totals in ae_totals(frame, quarter, as_of).items()
    }


def sdr_meeting_mask(meetings: pd.DataFrame, segment: str) -> pd.Series:
    """Meetings that took place and whose type counts for the segment (RULES.md)."""
    counted = MEETING_TYPES_BY_SEGMENT.get(segment, frozenset())
    return meetings["took_place"] & meetings["type_key"].isin(counted)


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
        "new_business_meetings": sdr_meeting_mask(meetings, person.sdr_segment)
        & _between(meetings["date"], quarter.start, as_of),
    }


def sdr_values(
    person: PersonFacts,
    saos: pd.DataFrame,
    meetings: pd.DataFrame,
    quarter: FiscalQuarter,
    as_of: date,
    targets: TargetBook,
) -> dict[str, Decimal | None]:
    """An SDR's metric values from their own SAO opportunities and meetings."""
    masks = sdr_masks(person, saos, meetings, quarter, as_of)
    return {
        "saos": Decimal(int(masks["saos"].sum())),
        "new_business_meetings": Decimal(int(masks["new_business_meetings"].sum())),
        "rolling_attainment": rolling_attainment(person, saos["sao_date"], as_of, targets),
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
    person: PersonFacts, sao_dates: pd.Series, as_of: date, targets: TargetBook
) -> list[MonthAttainment]:
    """The months that make up the rolling attainment as of D, oldest first, each with its
    SAOs ÷ (the quarter's SAO target ÷ 3) in %."""
    months = []
    month_keys = sao_dates.dropna().to_numpy().astype("datetime64[M]")
    for month in rolling_months(person, as_of):
        target = targets.target(person, FiscalQuarter.containing(month), "saos")
        if not target:
            continue  # a month without an SAO target cannot be measured
        count = int((month_keys == np.datetime64(month, "M")).sum())
        months.append(MonthAttainment(month, count, target))
    return months


def rolling_attainment(
    person: PersonFacts, sao_dates: pd.Series, as_of: date, targets: TargetBook
) -> Decimal | None:
    """Mean over the recent complete months of SAOs ÷ (quarter's SAO target ÷ 3), in %."""
    months = monthly_sao_attainment(person, sao_dates, as_of, targets)
    if not months:
        return None
    return sum((m.ratio for m in months), Decimal(0)) / len(months) * HUNDRED


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


def compute_quarter(
    inputs: EngineInputs, quarter: FiscalQuarter, as_of: date, *, live: bool
) -> list[PersonQuarter]:
    """Every person's figures for ``quarter`` as of ``as_of``.

    ``live`` says that ``as_of`` is the day the data describes (today): only then are the
    point-in-time metric and the look-ahead figures computed from open opportunities; for an
    earlier day the recorded point-in-time value is used (RULES.md, Snapshots).
    """
    if inputs.owner_totals is None:
        ae_by_owner = ae_values(inputs.owned, quarter, as_of, inputs.stage_weights)
    else:
        ae_by_owner = {
            owner_id: owner_values(totals, inputs.stage_weights)
            for owner_id, totals in inputs.owner_totals.items()
        }
    saos_by_sdr = _split(inputs.sourced, "sourced_by_id")
    meetings_by_sdr = _split(inputs.meetings, "sdr_id")
    no_opportunities = inputs.sourced.iloc[0:0]
    no_meetings = inputs.meetings.iloc[0:0]

    results = []
    for person in inputs.people:
        if person.role == "ae":
            values = dict(_ae_defaults(), **ae_by_owner.get(person.id, {}))
            extra = None
            if live:
                target = inputs.targets.target(person, quarter, "closed_won_acv")
                extra = look_ahead(values, target)
            else:
                values["weighted_pipeline"] = inputs.recorded_pipeline.get(person.id)
                if inputs.past_open is not None and person.id in inputs.past_open:
                    values.update(inputs.past_open[person.id])
                    target = inputs.targets.target(person, quarter, "closed_won_acv")
                    extra = look_ahead(values, target)
            codes: tuple[str, ...] = AE_METRICS
        elif person.role == "sdr":
            values = sdr_values(
                person,
                saos_by_sdr.get(person.id, no_opportunities),
                meetings_by_sdr.get(person.id, no_meetings),
                quarter,
                as_of,
                inputs.targets,
            )
            extra = None
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


# --- what lies behind a figure (pages show the rows so a rep can check by hand) --------------


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
        units = weight_units(self._weights or {})
        stages = self._column("stage")[self._positions]
        weighted = self._column("amount_cents")[self._positions] * np.array(
            [units.get(stage, 0) for stage in stages], dtype=np.int64
        )
        return self._rows(self._positions[(-weighted).argsort(kind="stable")[:count]])

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


# --- team views -----------------------------------------------------------------------------


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
