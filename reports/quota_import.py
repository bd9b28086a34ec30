"""Quota upload: a CSV or .xlsx in the shape of Salesforce's quota import (person, period,
metric, amount; an optional reason), read like every Salesforce export (imports), then
previewed and committed whole or not at all.

A period ``FY24`` sets the person's annual quota (metric blank, ``quota`` or
``closed_won_acv``); a period ``FY24-Q3`` overrides their target of that metric for the
quarter, with the row's reason (RULES.md: an override carries a reason).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from framework import quotas
from framework.models import AnnualQuota
from goals import overrides
from goals.calendar import FiscalQuarter
from goals.models import Metric, TargetOverride
from imports.records import RowError
from imports.services import ImportFileError, read_table
from people.models import Person

COLUMNS = {
    "person": ("person", "quota owner", "owner", "user", "email", "owner email", "name"),
    "period": ("period", "fiscal period", "quota period"),
    "metric": ("metric", "forecasting type", "type", "quota type"),
    "amount": ("amount", "quota amount", "quotaamount", "quota"),
    "reason": ("reason", "note", "comment"),
}
REQUIRED = ("person", "period", "amount")
ANNUAL_METRICS = {"", "quota", "annual quota", "closed_won_acv", "revenue"}
_YEAR = re.compile(r"^\s*FY(\d{2}|\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QuotaRow:
    """One valid line: an annual quota (``quarter`` None) or a quarter override."""

    line: int
    person: Person
    fiscal_year: int
    quarter: FiscalQuarter | None
    metric: str
    amount: Decimal
    reason: str
    current: Decimal | None = None

    @property
    def period(self) -> str:
        return self.quarter.label if self.quarter else f"FY{self.fiscal_year % 100:02d}"


@dataclass
class QuotaPlan:
    """What a file would change, and every line it cannot (then it changes nothing)."""

    file: str
    rows: list[QuotaRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _column(header: list[str]) -> dict[str, int]:
    found = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for field_name, aliases in COLUMNS.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    return found


def _is_header(cells: list[str]) -> bool:
    return all(name in _column(cells) for name in REQUIRED)


def _period(text: str) -> tuple[int, FiscalQuarter | None]:
    year = _YEAR.match(text)
    if year:
        number = int(year.group(1))
        return (number + 2000 if number < 100 else number), None
    quarter = FiscalQuarter.parse(text)
    return quarter.year, quarter


def _amount(text: str) -> Decimal:
    value = Decimal(text.strip().replace(",", "").replace("$", "") or "x")
    if not value.is_finite():
        raise InvalidOperation
    return value


class _Line:
    """One line's cells by field, and its errors, each naming the file, line and column."""

    def __init__(self, plan: QuotaPlan, line: int, cells: list[str], columns, header) -> None:
        self.plan, self.line, self.cells, self.columns, self.header = (
            plan,
            line,
            cells,
            columns,
            header,
        )
        self.ok = True

    def get(self, name: str) -> str:
        index = self.columns.get(name)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def error(self, name: str, reason: str) -> None:
        column = self.header[self.columns[name]] if name in self.columns else name
        self.plan.errors.append(RowError(self.plan.file, self.line, column, self.get(name), reason))
        self.ok = False


def _person(line: _Line, people: Mapping[str, Person]) -> Person | None:
    person = people.get(line.get("person").lower())
    if person is None:
        line.error("person", "no person with this e-mail or name: add them on the roster first")
    return person


def _row(line: _Line, people, metrics: Mapping[str, Metric]) -> QuotaRow | None:
    person = _person(line, people)
    try:
        fiscal_year, quarter = _period(line.get("period"))
    except ValueError:
        line.error("period", "write the period as FY24 (annual quota) or FY24-Q3 (a quarter)")
        fiscal_year, quarter = 0, None
    try:
        amount = _amount(line.get("amount"))
    except InvalidOperation:
        line.error("amount", "not a number: write the amount like 450000 or 450,000.00")
        amount = Decimal(0)
    metric = line.get("metric").lower()
    if line.ok and quarter is None:
        if metric not in ANNUAL_METRICS:
            line.error("metric", "an annual quota (period FY24) is closed won: leave it blank")
        elif amount <= 0:
            line.error("amount", "an annual quota is more than 0")
        metric = "quota"
    elif line.ok:
        found = metrics.get(metric)
        if found is None or found.role != person.role:
            line.error("metric", f"not a metric of {person.name}'s role ({person.role})")
        elif amount < 0:
            line.error("amount", "a target cannot be negative")
        metric = found.code if found else metric
    if not line.ok:
        return None
    reason = line.get("reason") or f"quota upload {line.plan.file}"
    return QuotaRow(line.line, person, fiscal_year, quarter, metric, amount, reason)


def read_quotas(data: bytes, file: str) -> QuotaPlan:
    """Every line of the file as a change, or the errors that refuse it (a few queries)."""
    plan = QuotaPlan(file)
    try:
        table = read_table(io.BytesIO(data), file, _is_header)
    except ImportFileError as error:
        plan.errors.append(RowError(file, error.line, error.column, "", error.reason))
        return plan
    columns = _column(table.header)
    people: dict[str, Person] = {}
    for person in Person.objects.all():
        people.setdefault(person.name.lower(), person)
        people[person.email.lower()] = person
    metrics: dict[str, Metric] = {}
    for metric in Metric.objects.all():
        metrics[metric.code] = metrics[metric.label.lower()] = metric
    seen: dict[tuple, int] = {}
    for line_number, cells in table.rows:
        row = _row(_Line(plan, line_number, cells, columns, table.header), people, metrics)
        if row is None:
            continue
        key = (row.person.id, row.period, row.metric)
        if key in seen:
            plan.errors.append(
                RowError(file, line_number, "period", row.period, f"repeats line {seen[key]}")
            )
            continue
        seen[key] = line_number
        plan.rows.append(row)
    plan.rows = _with_current(plan.rows)
    return plan


def _with_current(rows: list[QuotaRow]) -> list[QuotaRow]:
    """The rows with the values they replace (two queries), for the preview."""
    ids = {row.person.id for row in rows}
    annual = {
        (q.person_id, q.fiscal_year): q.amount
        for q in AnnualQuota.objects.filter(person_id__in=ids)
    }
    quarter = {
        (o.person_id, o.fiscal_year, o.quarter, o.metric_id): o.value
        for o in TargetOverride.objects.filter(person_id__in=ids)
    }
    out = []
    for row in rows:
        if row.quarter is None:
            current = annual.get((row.person.id, row.fiscal_year))
        else:
            q = row.quarter
            current = quarter.get((row.person.id, q.year, q.number, row.metric))
        out.append(QuotaRow(**{**row.__dict__, "current": current}))
    return out


@transaction.atomic
def quotas_commit(plan: QuotaPlan, *, user) -> int:
    """Write every row of a plan with no errors, all or nothing; the number written."""
    if plan.errors:
        raise ValueError(f"{plan.file} has {len(plan.errors)} errors: nothing is imported")
    for row in plan.rows:
        if row.quarter is None:
            quotas.quota_set(person=row.person, fiscal_year=row.fiscal_year, amount=row.amount)
        else:
            overrides.override_set(
                person=row.person,
                quarter=row.quarter,
                metric=Metric.objects.get(code=row.metric),
                value=row.amount,
                reason=row.reason,
                user=user,
            )
    return len(plan.rows)
