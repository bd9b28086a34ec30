"""AE metrics (RULES.md): which opportunities count toward each AE figure, and their sums."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from ..calendar import FiscalQuarter
from .facts import HUNDRED, OPEN_STAGES, WEIGHT_SCALE, OpenPipelineTotals, OwnerTotals
from .figures import cents, weight_units


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
# The counts that read only open opportunities, whatever D: their totals serve a range of days.
OPEN_COUNTS = ("weighted_pipeline", "open_by_quarter_end")
DATED_COUNTS = tuple(code for code in SUMMED_COUNTS + ACCOUNT_COUNTS if code not in OPEN_COUNTS)


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
    ``ae_masks``, when the caller has them already; only the counts masked are summed)."""
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
    for code in (code for code in SUMMED_COUNTS if code in masks):
        counted = masks[code].to_numpy() & owned
        sums = np.zeros(len(owners) * len(stages), dtype=np.int64)
        np.add.at(sums, groups[counted], amounts[counted])
        for group in np.unique(groups[counted]).tolist():
            owner, stage = divmod(group, len(stages))
            cents[int(owners[owner])][(code, stages[stage])] = int(sums[group])
    accounts: dict[int, dict[str, int]] = {int(o): {} for o in owners}
    for code in (code for code in ACCOUNT_COUNTS if code in masks):
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


def totals_on(
    dated_deals: pd.DataFrame,
    open_pipeline: Mapping[int, OpenPipelineTotals],
    quarter: FiscalQuarter,
    as_of: date,
) -> dict[int, OwnerTotals]:
    """Each AE's ``OwnerTotals`` on ``as_of``: the ``DATED_COUNTS`` from the rows of the deals
    they may count (won, new business accepted), the ``OPEN_COUNTS`` from ``open_pipeline``."""
    counts = ae_counts(quarter, as_of)
    masks = {code: counts[code].mask(dated_deals) for code in DATED_COUNTS}
    dated = ae_totals(dated_deals, quarter, as_of, masks)
    result = {}
    for owner_id in dated.keys() | open_pipeline.keys():
        own = dated.get(owner_id, OwnerTotals())
        pipeline = open_pipeline.get(owner_id, OpenPipelineTotals())
        by_stage = dict(own.cents_by_stage)
        by_stage.update({("weighted_pipeline", s): c for s, c in pipeline.open_cents.items()})
        by_stage.update(
            {("open_by_quarter_end", s): c for s, c in pipeline.by_quarter_end_cents.items()}
        )
        result[owner_id] = OwnerTotals(by_stage, own.accounts)
    return result
