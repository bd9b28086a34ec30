"""Engine results as flat rows: one per person and metric, the shape the CLI, CSV exports and
the API share. Decimals stay Decimal; rounding is for display only (2 places, half up)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from . import rules

TWO_PLACES = Decimal("0.01")
ROW_KEYS = (
    "email",
    "role",
    "metric",
    "value",
    "target",
    "pace",
    "attainment",
    "below",
    "coaching",
)


# OWASP CSV injection: a cell starting with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rounded(value: Decimal | None) -> Decimal | None:
    """Round a figure to cents/hundredths for display; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def attainment_rows(
    results: Iterable[rules.PersonQuarter], basis: str = "target"
) -> list[dict[str, object]]:
    """One row per person and metric with RULES.md's figures and the coaching flag."""
    rows = []
    for result in results:
        coaching = result.coaching(basis)
        for figure in result.figures:
            rows.append(
                {
                    "email": result.person.email,
                    "role": result.person.role,
                    "metric": figure.metric,
                    "value": rounded(figure.value),
                    "target": rounded(figure.target),
                    "pace": rounded(figure.pace),
                    "attainment": rounded(figure.attainment),
                    "below": figure.below,
                    "coaching": coaching,
                }
            )
    return rows


def attainment_records(results: Iterable[rules.PersonQuarter]) -> list[dict[str, object]]:
    """``attainment_rows`` with the person's id and name and the coaching flag on both bases
    (the API's shape); figures rounded the same way."""
    records = []
    for result in results:
        for figure, row in zip(result.figures, attainment_rows([result]), strict=True):
            del row["coaching"]
            records.append(
                {
                    "person": result.person.id,
                    "name": result.person.name,
                    **row,
                    "behind_pace": figure.behind_pace,
                    "coaching_on_target": result.coaching_on_target,
                    "coaching_on_pace": result.coaching_on_pace,
                }
            )
    return records


def coaching_records(
    results: Iterable[rules.PersonQuarter], basis: str = "target"
) -> list[dict[str, object]]:
    """The people flagged for coaching on ``basis``, with their misses on both bases."""
    return [
        {
            "person": result.person.id,
            "email": result.person.email,
            "name": result.person.name,
            "role": result.person.role,
            "manager": result.person.manager_id,
            "misses_on_target": result.misses_on_target,
            "misses_on_pace": result.misses_on_pace,
            "coaching_on_target": result.coaching_on_target,
            "coaching_on_pace": result.coaching_on_pace,
            "below": [f.metric for f in result.figures if f.below],
            "behind_pace": [f.metric for f in result.figures if f.behind_pace],
        }
        for result in results
        if result.coaching(basis)
    ]


def look_ahead_records(results: Iterable[rules.PersonQuarter]) -> list[dict[str, object]]:
    """One record per AE with look-ahead figures (the engine computes them for the live day
    only): the quarter-end projection and pipeline coverage against the 3× minimum, rounded
    like ``attainment_rows``."""
    return [
        {
            "person": result.person.id,
            "email": result.person.email,
            "name": result.person.name,
            "projected_closed_won": rounded(ahead.projected_closed_won),
            "closed_won_target": rounded(ahead.closed_won_target),
            "projected_attainment": rounded(ahead.projected_attainment),
            "open_pipeline": rounded(ahead.open_pipeline),
            "still_needed": rounded(ahead.still_needed),
            "pipeline_coverage": rounded(ahead.pipeline_coverage),
            "coverage_minimum": rules.COVERAGE_MINIMUM,
            "covered": ahead.covered,
            "meets_coverage_minimum": ahead.meets_coverage_minimum,
        }
        for result in results
        if (ahead := result.look_ahead) is not None
    ]
