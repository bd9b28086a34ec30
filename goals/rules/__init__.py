"""The goal rules of RULES.md, as plain functions over plain data, one module per concern.

Everything Pacer shows (pages, API, exports, snapshots, the CLI) comes from ``compute_quarter``.
Nothing here touches the database: ``goals.selectors`` loads what these functions need in a
fixed number of queries and hands it over as the dataclasses of ``facts`` (typed totals for
the figures) and pandas frames (deal rows, for the questions about single deals).

- ``facts``: the inputs (people, catalogue, targets, ``OwnerTotals``, ``OpenPipelineTotals``,
  ``SaoCounts``, ``EngineInputs``); ``frames``: deal rows as typed frames;
- ``figures``: pace and attainment; ``look_ahead``: projection and coverage;
- ``ae``, ``sdr``: what counts toward each role's metrics; ``quarter``: ``compute_quarter``
  and the coaching flag; ``counted``: the rows behind a figure; ``team``: team views.

Money is exact: amounts arrive as integer cents and stage weights as integer basis points of a
ten-thousandth, so sums are integer arithmetic and results are ``Decimal``.
"""

from .ae import (
    ACCOUNT_COUNTS,
    AE_VALUES,
    DATED_COUNTS,
    OPEN_COUNTS,
    SUMMED_COUNTS,
    Counts,
    ae_counts,
    ae_masks,
    ae_totals,
    ae_values,
    owner_values,
    totals_on,
)
from .counted import (
    COUNTED_DATE,
    WEIGHTED_METRICS,
    CountedRow,
    CountedRows,
    ae_counted_rows,
    no_counted_rows,
    sdr_counted_rows,
)
from .facts import (
    AE_METRICS,
    HUNDRED,
    OPEN_STAGES,
    ROLLING_MONTHS,
    SDR_METRICS,
    WEIGHT_SCALE,
    EngineInputs,
    MetricDef,
    OpenPipelineTotals,
    OwnerTotals,
    PersonFacts,
    SaoCounts,
    TargetBook,
)
from .figures import (
    Figure,
    attainment,
    cents,
    figures_for,
    pace,
    weight_units,
)
from .frames import (
    EPOCH_ORDINAL,
    MEETING_COLUMNS,
    MEETING_KINDS,
    NAT,
    OPPORTUNITY_COLUMNS,
    OPPORTUNITY_KINDS,
    meeting_frame,
    opportunity_frame,
)
from .look_ahead import (
    COVERAGE_MINIMUM,
    LookAhead,
    look_ahead,
)
from .quarter import (
    PersonQuarter,
    compute_quarter,
)
from .sdr import (
    MEETING_TYPES_BY_SEGMENT,
    MonthAttainment,
    monthly_sao_attainment,
    new_business_meetings_mask,
    rolling_attainment,
    rolling_months,
    sao_counts,
    saos_this_quarter,
    sdr_masks,
    sdr_meeting_mask,
    sdr_values,
)
from .team import (
    LEADERBOARD_METRIC,
    RoleQuarter,
    TeamTotal,
    company_quarter,
    leaderboard,
    people_without_targets,
    team_totals,
)

__all__ = [
    "OPEN_STAGES",
    "WEIGHT_SCALE",
    "HUNDRED",
    "AE_METRICS",
    "SDR_METRICS",
    "ROLLING_MONTHS",
    "PersonFacts",
    "MetricDef",
    "TargetBook",
    "OwnerTotals",
    "OpenPipelineTotals",
    "SaoCounts",
    "EngineInputs",
    "OPPORTUNITY_COLUMNS",
    "MEETING_COLUMNS",
    "opportunity_frame",
    "meeting_frame",
    "OPPORTUNITY_KINDS",
    "MEETING_KINDS",
    "EPOCH_ORDINAL",
    "NAT",
    "Figure",
    "pace",
    "attainment",
    "cents",
    "weight_units",
    "figures_for",
    "COVERAGE_MINIMUM",
    "LookAhead",
    "look_ahead",
    "Counts",
    "ae_counts",
    "AE_VALUES",
    "SUMMED_COUNTS",
    "ACCOUNT_COUNTS",
    "OPEN_COUNTS",
    "DATED_COUNTS",
    "ae_masks",
    "ae_totals",
    "owner_values",
    "ae_values",
    "totals_on",
    "MEETING_TYPES_BY_SEGMENT",
    "sao_counts",
    "sdr_meeting_mask",
    "new_business_meetings_mask",
    "sdr_masks",
    "saos_this_quarter",
    "sdr_values",
    "rolling_months",
    "MonthAttainment",
    "monthly_sao_attainment",
    "rolling_attainment",
    "PersonQuarter",
    "compute_quarter",
    "CountedRow",
    "COUNTED_DATE",
    "WEIGHTED_METRICS",
    "CountedRows",
    "ae_counted_rows",
    "no_counted_rows",
    "sdr_counted_rows",
    "TeamTotal",
    "team_totals",
    "RoleQuarter",
    "company_quarter",
    "LEADERBOARD_METRIC",
    "leaderboard",
    "people_without_targets",
]
