"""The team roster import (small: the ORM is fine here) and the Users/Accounts lookup files of
a data loader export."""

from __future__ import annotations

import re
from typing import BinaryIO

from django.db import transaction

from imports.models import ImportRun, ImportStatus
from people.models import Level, Person, Role, SdrSegment

from . import fields, parsers
from .reading import ImportFileError, read_table
from .records import RowError

ROLES = {fields.normalise(v): v for v in Role.values} | {
    fields.normalise(label): value for value, label in Role.choices
}
SEGMENTS = (
    {fields.normalise(v): v for v in SdrSegment.values}
    | {fields.normalise(label): value for value, label in SdrSegment.choices}
    | {"vcbod": SdrSegment.VC_BOD}
)
ATTRIBUTES = ("name", "role", "sdr_segment", "level", "start_date", "ramp_year")


def lookup_file(handle: BinaryIO, what: str) -> dict:
    """``Id`` -> ``(Name, Email)`` for a Users file, ``Id`` -> ``Name`` for an Accounts file."""
    file = getattr(handle, "name", what)
    file = str(file).rsplit("/", 1)[-1]

    def is_header(cells):
        names = {fields.normalise(c) for c in cells}
        return "id" in names and "name" in names

    table = read_table(handle, file, is_header)
    position = {fields.normalise(c): i for i, c in enumerate(table.header)}
    email = position.get("email")
    found = {}
    for line, cells in table.rows:
        try:
            record_id = parsers.parse_id(cells[position["id"]])
        except ValueError as error:
            raise ImportFileError(file, str(error), line, "Id") from error
        name = cells[position["name"]].strip()
        if what == "users":
            found[record_id] = (name, cells[email].strip() if email is not None else "")
        else:
            found[record_id] = name
    return found


def _ramp_year(text: str) -> int | None:
    if not text.strip():
        return None
    match = re.fullmatch(r"(?:FY)?(\d{2}|\d{4})", text.strip(), re.IGNORECASE)
    if not match:
        raise ValueError("not a fiscal year (2024 or FY24)")
    year = int(match[1])
    return 2000 + year if year < 100 else year


def _choice(text: str, table: dict, what: str) -> str:
    if not text.strip():
        return ""
    try:
        return table[fields.normalise(text)]
    except KeyError as error:
        raise ValueError(f"unknown {what}") from error


def run(run: ImportRun, handle: BinaryIO) -> None:
    """Validate the roster, then (when committing) upsert people by e-mail in one transaction."""
    table = read_table(handle, run.file_name, fields.header_finder("people"))
    match = fields.match_columns("people", table.header)
    run.columns, run.ignored_columns = match.picked(), match.ignored
    if match.missing:
        raise ImportFileError(
            run.file_name,
            "a required column is missing: " + ", ".join(match.missing),
            table.header_line,
            ", ".join(match.missing),
        )
    dates = parsers.DateParser(run.date_format)
    errors: list[RowError] = []
    rows: dict[str, tuple[int, dict, str]] = {}
    count = 0
    for line, cells in table.rows:
        count += 1
        row = _RosterRow(run.file_name, table.header, match.columns, line, cells)
        email, values = _roster_values(row, rows, dates)
        if row.errors:
            errors.extend(row.errors)
            run.skipped += 1
        else:
            rows[email] = (line, values, row.cell("manager_email").lower())
    errors.extend(_drop_unknown_managers(run, table.header, match.columns, rows))
    run.rows_in_file = run.rows_read = run.rows_validated = count
    run.errors, run.error_count = [e.as_dict() for e in errors], len(errors)
    if count == 0:
        raise ImportFileError(run.file_name, "the file has a header but no data rows", 2)
    _write_roster(run, rows, errors)


class _RosterRow:
    """One roster row being checked: its cells by field, and its errors."""

    def __init__(self, file: str, header: list[str], cols: dict[str, int], line: int, cells):
        self.file, self.header, self.cols, self.line, self.cells = file, header, cols, line, cells
        self.errors: list[RowError] = []

    def cell(self, field: str) -> str:
        return self.cells[self.cols[field]].strip() if field in self.cols else ""

    def error(self, field: str, value: str, reason: str) -> None:
        column = self.header[self.cols[field]]
        self.errors.append(RowError(self.file, self.line, column, value, reason))

    def check(self, field: str, parser, *args):
        try:
            return parser(self.cell(field), *args)
        except ValueError as error:
            self.error(field, self.cells[self.cols[field]], str(error))
            return None


def _roster_values(row: _RosterRow, rows: dict, dates) -> tuple[str, dict]:
    """A roster row's e-mail and Person values, its errors recorded on ``row``."""
    email = row.cell("email").lower()
    if "@" not in email:
        row.error("email", email, "not an e-mail address")
    elif email in rows:
        row.error("email", email, f"duplicate e-mail: also on line {rows[email][0]}")
    role = row.check("role", _choice, ROLES, "role")
    segment = row.check("sdr_segment", _choice, SEGMENTS, "SDR segment") or ""
    if role and role != Role.SDR and segment:
        row.error("sdr_segment", segment, "only SDRs have a segment")
    level = row.cell("level").upper()
    if level and level not in Level.values:
        row.error("level", level, "level must be L1 to L6")
    values = {
        "name": row.cell("name"),
        "role": role,
        "sdr_segment": segment,
        "level": level,
        "start_date": row.check("start_date", dates),
        "ramp_year": row.check("ramp_year", _ramp_year),
    }
    if not values["name"]:
        row.error("name", "", "name is blank")
    for field, value in (("name", values["name"]), ("email", email)):
        limit = Person._meta.get_field(field).max_length
        if len(value) > limit:
            row.error(field, value, f"longer than {limit} characters ({len(value)})")
    if "salesforce_id" in row.cols:
        values["salesforce_id"] = row.check("salesforce_id", parsers.parse_id) or ""
    return email, values


def _drop_unknown_managers(run: ImportRun, header, cols, rows: dict) -> list[RowError]:
    """Drop the rows whose manager e-mail matches nobody (in Pacer or the file); their errors."""
    errors = []
    known = set(Person.objects.values_list("email", flat=True)) | set(rows)
    for email, (line, _values, manager) in list(rows.items()):
        if manager and manager not in known:
            column = header[cols["manager_email"]]
            errors.append(
                RowError(run.file_name, line, column, manager, "manager e-mail matches nobody")
            )
            del rows[email]
            run.skipped += 1
    return errors


def _write_roster(run: ImportRun, rows: dict, errors: list[RowError]) -> None:
    """Count what the roster changes and, when committing, write it in one transaction."""
    existing = {p.email.lower(): p for p in Person.objects.all()}
    run.created = sum(1 for email in rows if email not in existing)
    run.updated = sum(
        1
        for email, (_l, values, manager) in rows.items()
        if email in existing and _differs(existing[email], values, manager)
    )
    run.unchanged = len(rows) - run.created - run.updated
    run.missing_from_file = len(set(existing) - set(rows))
    write = run.commit and (not errors or run.skip_invalid)
    if write:
        with transaction.atomic():
            run.rows_written = _write(rows, existing)
    if not run.commit:
        run.status = ImportStatus.PREVIEWED
    elif write:
        run.status = ImportStatus.DONE
    else:
        run.status = ImportStatus.REJECTED
        run.message = "nothing changed: fix the file, or import the valid rows only"


def _manager_email(person: Person) -> str:
    return person.manager.email.lower() if person.manager_id else ""


def _differs(person: Person, values: dict, manager: str) -> bool:
    return (
        any(getattr(person, k) != v for k, v in values.items()) or _manager_email(person) != manager
    )


def _write(rows: dict, existing: dict[str, Person]) -> int:
    written = 0
    for email, (_line, values, manager) in rows.items():
        person = existing.get(email)
        if person is None:
            existing[email] = Person.objects.create(email=email, **values)
            written += 1
        elif _differs(person, values, manager):
            for key, value in values.items():
                setattr(person, key, value)
            person.save()
            written += 1
    for email, (_line, _values, manager) in rows.items():
        person = existing[email]
        wanted = existing[manager].id if manager else None
        if person.manager_id != wanted:
            person.manager_id = wanted
            person.save(update_fields=["manager"])
    return written
