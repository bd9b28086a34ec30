"""The team table as CSV and Excel, safe against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

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


# How each kind of column is typed in Excel (issue 17: never "General").
EXCEL_FORMATS = {
    "currency": "#,##0.00",
    "count": "#,##0",
    "percent": "0.00%",
    "ratio": '0.0"×"',
}
ROLE_NAMES = {"ae": "Account Executive", "sdr": "SDR"}
BASIS_NAMES = {"pace": "pace", "target": "full-target"}


def team_table(
    results: Iterable[rules.PersonQuarter],
    metrics: Mapping[str, rules.MetricDef],
    basis: str = "pace",
    adjustments: Mapping[int, Mapping[str, Adjustment]] | None = None,
) -> tuple[list[str], list[list[object]], list[str]]:
    """One row per person with human headers and only the columns of the roles present: each
    metric's value, target, pace and attainment, the coaching flag (configured basis first),
    (AEs) the look-ahead figures, and the targets adjusted for them (who, when, why). Returns
    the header, the rows and each column's kind (``EXCEL_FORMATS``, or ``text``); numbers stay
    numbers, text is made safe."""
    results = list(results)
    roles = {r.person.role for r in results}
    codes = [code for code, metric in metrics.items() if metric.role in roles]
    other = "target" if basis == "pace" else "pace"
    header, kinds = ["Name", "E-mail", "Role"], ["text"] * 3
    if "sdr" in roles:
        header, kinds = header + ["SDR segment"], kinds + ["text"]
    for code in codes:
        label, unit = metrics[code].label, metrics[code].unit
        header += [f"{label}: value", f"{label}: target", f"{label}: pace today"]
        header += [f"{label}: attainment"]
        kinds += [unit] * 3 + ["percent"]
    header += [f"Coaching flag ({BASIS_NAMES[basis]} basis)"]
    header += [f"Coaching flag ({BASIS_NAMES[other]} basis)"]
    kinds += ["text", "text"]
    if "ae" in roles:
        header += ["Projected closed won", "Pipeline coverage"]
        kinds += ["currency", "ratio"]
    header, kinds = header + ["Target adjustments"], kinds + ["text"]
    adjustments = adjustments or {}
    rows = [_team_row(r, codes, roles, basis, other, adjustments) for r in results]
    return header, rows, kinds


def _team_row(result, codes, roles, basis: str, other: str, adjustments) -> list[object]:
    person = result.person
    row: list[object] = [person.name, person.email, ROLE_NAMES.get(person.role, person.role)]
    if "sdr" in roles:
        row.append(person.sdr_segment or None)
    for code in codes:
        figure = result.figure(code)
        if figure is None:
            row += [None] * 4
        else:
            row += [figure.value, figure.target, figure.pace, figure.attainment]
    row += ["flag" if result.coaching(basis) else "no flag"]
    row += ["flag" if result.coaching(other) else "no flag"]
    if "ae" in roles:
        ahead = result.look_ahead
        row += [
            ahead.projected_closed_won if ahead else None,
            ("covered" if ahead.covered else ahead.pipeline_coverage) if ahead else None,
        ]
    row.append(adjustments_text(dict(adjustments.get(person.id, {}))) or None)
    return [_cell(value) for value in row]


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


# Issue 19: Excel opens a CSV as UTF-8 only when it starts with a byte order mark (without it
# "García" shows as "GarcÃ­a"); the charset tells every other client.
CSV_TYPE = "text/csv; charset=utf-8"


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """``to_csv`` as UTF-8 bytes with a byte order mark, for a download."""
    return ("\ufeff" + to_csv(header, rows)).encode("utf-8")


def to_xlsx(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    title: str,
    kinds: Sequence[str] = (),
) -> bytes:
    """A workbook of one sheet; each column typed by its kind (``EXCEL_FORMATS``): a
    percentage is stored as a fraction (85.08 → 0.8508) so Excel shows 85.08%."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=2):
        for cell, kind in zip(row, list(kinds) + ["text"] * (len(row) - len(kinds)), strict=False):
            if isinstance(cell.value, str):
                # Text stays text: openpyxl would store a value starting "=" as a formula.
                cell.data_type = "s"
            elif isinstance(cell.value, (int, float, Decimal)) and kind in EXCEL_FORMATS:
                if kind == "percent":
                    cell.value = Decimal(cell.value) / 100
                cell.number_format = EXCEL_FORMATS[kind]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
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
