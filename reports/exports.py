"""The team table as CSV and Excel, safe against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from openpyxl import Workbook

from goals import rules
from goals.adjustments import Adjustment, adjustments_text
from goals.rows import FORMULA_STARTS, rounded, safe_text  # noqa: F401  re-exported

from .selectors import DealList


def _cell(value: object) -> object:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return rounded(value)
    return value


def team_table(
    results: Iterable[rules.PersonQuarter],
    metrics: Mapping[str, rules.MetricDef],
    adjustments: Mapping[int, Mapping[str, Adjustment]] | None = None,
) -> tuple[list[str], list[list[object]]]:
    """One row per person: each metric's value, target, pace and attainment, the coaching
    flags, (AEs) the look-ahead figures and the targets adjusted for them (who, when, why).
    Numbers stay numbers; text is made safe."""
    adjustments = adjustments or {}
    codes = list(metrics)
    header = ["name", "email", "role", "sdr_segment"]
    for code in codes:
        header += [f"{code}_value", f"{code}_target", f"{code}_pace", f"{code}_attainment"]
    header += ["coaching_on_target", "coaching_on_pace", "projected_closed_won"]
    header += ["pipeline_coverage", "target_adjustments"]
    rows = []
    for result in results:
        person = result.person
        row: list[object] = [person.name, person.email, person.role, person.sdr_segment]
        for code in codes:
            figure = result.figure(code)
            if figure is None:
                row += [None] * 4
            else:
                row += [figure.value, figure.target, figure.pace, figure.attainment]
        ahead = result.look_ahead
        row += [
            result.coaching_on_target,
            result.coaching_on_pace,
            ahead.projected_closed_won if ahead else None,
            ("covered" if ahead.covered else ahead.pipeline_coverage) if ahead else None,
            adjustments_text(dict(adjustments.get(person.id, {}))),
        ]
        rows.append([_cell(value) for value in row])
    return header, rows


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                # Text stays text: openpyxl would store a value starting "=" as a formula.
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def deal_rows(deals: Mapping[str, DealList]) -> tuple[list[str], list[list[object]]]:
    """The opportunities behind each figure, as listed (``reports.selectors.DealList`` per
    metric)."""
    header = ["metric", "opportunity", "account", "stage", "amount", "weight", "weighted", "date"]
    rows = []
    for metric, metric_deals in deals.items():
        for deal in metric_deals.listed:
            row = deal.row
            values = [metric, deal.name, row.account, row.stage, row.amount, row.weight]
            values += [row.weighted_amount, row.on.isoformat() if row.on else None]
            rows.append([_cell(value) for value in values])
    return header, rows
