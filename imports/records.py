"""Validating export rows into normalised records (RULES.md), row by row, with every error
named by file, line, column, value and reason. The field rules are ``checks``'s."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal

from goals.models import Meeting, Opportunity

from . import checks, meetings, parsers

# The import's field -> the model column holding it, where the names differ.
COLUMN_OF = {"owner": "owner_name", "sourced_by": "sourced_by_name", "sdr": "sdr_name"}


@dataclass(frozen=True)
class RowError:
    file: str
    line: int | str
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}, column {self.column}"
        return f"{where}, value {self.value!r}: {self.reason}"


def file_warnings(table) -> list[dict]:
    """Warnings about the file as a whole (control characters dropped while reading it)."""
    if not table.dropped.count:
        return []
    line = table.dropped.first_line
    return [RowError(table.file, line, "-", "", table.dropped.warning()).as_dict()]


class PersonDirectory:
    """Finds the ``Person`` a name, e-mail or Salesforce user id refers to."""

    def __init__(self, people, users: dict[str, tuple[str, str]] | None = None, aliases=()) -> None:
        # people: iterable of (id, name, email, salesforce_id); users: id18 -> (name, email);
        # aliases: (text, person id), how an export names a person (matched on a preview).
        self.by_key: dict[str, int | None] = {}
        self.by_salesforce_id: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for person_id, name, email, salesforce_id in people:
            self.names[person_id] = name
            for key in {name.casefold().strip(), email.casefold().strip()}:
                # Two people with one name: that name identifies nobody.
                self.by_key[key] = None if key in self.by_key else person_id
            if salesforce_id:
                self.by_salesforce_id[parsers.parse_id(salesforce_id)] = person_id
        self.users = users or {}
        for text, person_id in aliases:
            self.by_key.setdefault(text.casefold().strip(), person_id)

    def find(self, text: str) -> tuple[int, str]:
        """``(person id, name)``; ValueError when the text matches nobody (or two people)."""
        text = text.strip()
        if looks_like_id(text):
            record_id = parsers.parse_id(text)
            if record_id in self.by_salesforce_id:
                person_id = self.by_salesforce_id[record_id]
                return person_id, self.names[person_id]
            if record_id in self.users:
                name, email = self.users[record_id]
                for key in (email, name):
                    if key and self.by_key.get(key.casefold().strip()):
                        person_id = self.by_key[key.casefold().strip()]
                        return person_id, self.names[person_id]
                raise ValueError(f"user {name or email} matches no person in Pacer")
            raise ValueError("user id found neither in Pacer nor in the Users file")
        key = text.casefold()
        if key in self.by_key:
            person_id = self.by_key[key]
            if person_id is None:
                raise ValueError("two people have this name: use e-mails")
            return person_id, self.names[person_id]
        raise ValueError("matches no person in Pacer (by name or e-mail)")


_ID_SHAPE = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")


def looks_like_id(text: str) -> bool:
    """A 15- or 18-character Salesforce id (not a word: it has a digit)."""
    return bool(_ID_SHAPE.match(text)) and any(c.isdigit() for c in text)


@dataclass
class Context:
    """Everything row validation needs, loaded once per import."""

    file: str
    header: list[str]
    columns: dict[str, int]
    people: PersonDirectory
    dates: parsers.DateParser
    decimal_comma: bool = False
    aliases: dict[str, str] | None = None
    rates: dict[str, Decimal] | None = None
    company_currency: str = "USD"
    accounts: dict[str, str] | None = None
    # Meetings: the people who are not SDRs (a meeting they hold is a warning naming them).
    non_sdrs: frozenset = frozenset()
    # Meetings: the meeting type filter (parsers.stage_key of each type imported; empty: all).
    meeting_types: frozenset = frozenset()

    def __post_init__(self) -> None:
        self.warnings: list[RowError] = []
        self.warning_count = 0
        self._people: dict[str, tuple[int, str] | ValueError] = {}
        self._stages: dict[tuple, str | ValueError] = {}
        # What the preview's Set-up asks about: each unplaced value and its row count.
        self.unplaced: dict[str, Counter] = {
            what: Counter() for what in ("stage", "currency", "owner", "sourced_by", "sdr")
        }
        # Meetings left out by the meeting type filter, by type as written.
        self.filtered: Counter = Counter()

    def unplaced_currency(self, code: str) -> None:
        self.unplaced["currency"][code] += 1

    def find_person(self, text: str) -> tuple[int, str]:
        """``people.find``, once per distinct spelling (a file names each owner many times)."""
        return _cached(self._people, text, self.people.find, text)

    def stage(self, name: str, is_won: bool | None, is_closed: bool | None) -> str:
        key = (name, is_won, is_closed)
        return _cached(
            self._stages,
            key,
            parsers.stage_of,
            name,
            self.aliases or {},
            is_won=is_won,
            is_closed=is_closed,
        )


def _cached(cache: dict, key, function, *args, **kwargs):
    try:
        result = cache[key]
    except KeyError:
        try:
            result = function(*args, **kwargs)
        except ValueError as error:
            result = error
        cache[key] = result
    if isinstance(result, ValueError):
        raise result
    return result


class Row:
    """One data row being validated: cell access by field, errors collected."""

    __slots__ = ("ctx", "line", "cells", "errors", "values")

    def __init__(self, ctx: Context, line: int, cells: list[str]) -> None:
        self.ctx, self.line, self.cells, self.errors = ctx, line, cells, []
        self.values = {field: cells[index].strip() for field, index in ctx.columns.items()}

    def text(self, field: str) -> str:
        return self.values.get(field, "")

    def has(self, field: str) -> bool:
        return field in self.ctx.columns

    def error(self, field: str, reason: str) -> None:
        index = self.ctx.columns.get(field)
        column = self.ctx.header[index] if index is not None else field
        value = self.cells[index] if index is not None else ""
        self.errors.append(RowError(self.ctx.file, self.line, column, value, reason))

    def warn(self, field: str, reason: str) -> None:
        self.ctx.warning_count += 1
        if len(self.ctx.warnings) < 1000:
            index = self.ctx.columns[field]
            self.ctx.warnings.append(
                RowError(self.ctx.file, self.line, self.ctx.header[index], "", reason)
            )

    def take(self, result):
        """A field rule's value, its errors and warning recorded on the row."""
        if isinstance(result, checks.Invalid):
            for field, reason in result.errors:
                self.error(field, reason)
            if result.unplaced:  # counted once a row: the preview's Set-up asks about it
                kind, value = result.unplaced
                self.ctx.unplaced[kind][value] += 1
            return result.value
        if isinstance(result, checks.Warned):
            self.warn(result.field, result.reason)
            return result.value
        return result

    def within(self, field: str, value: str, model) -> str:
        """``value``, or an error when it is longer than the model's column for ``field``."""
        return self.take(checks.within(field, value, limit_of(model, field)))


def limit_of(model, field: str) -> int:
    """The length of the model's column holding the import's ``field``."""
    return model._meta.get_field(COLUMN_OF.get(field, field)).max_length


def opportunity(ctx: Context, line: int, cells: list[str]) -> tuple[tuple | None, list[RowError]]:
    """One opportunity row -> the staging record (strings, None for NULL; the file's line
    last), or its errors."""
    row = Row(ctx, line, cells)
    text = row.text
    external_id = row.take(checks.external_id_of(text("external_id"), "Opportunity ID"))
    owner = checks.owner_of(ctx, text("owner_id"), text("owner_email"), text("owner"))
    owner_id, owner_name = row.take(owner)
    account = row.take(checks.account_of(ctx, text("account"), text("account_id")))
    stage = row.take(checks.stage_of(ctx, text("stage"), text("is_won"), text("is_closed")))
    amount = row.take(checks.amount_of(ctx, text("amount"), text("currency"), stage))
    close_date = row.take(
        checks.date_of(ctx, "close_date", text("close_date"), "close date", required=True)
    )
    created_date = row.take(checks.date_of(ctx, "created_date", text("created_date")))
    sao_date = row.take(checks.date_of(ctx, "sao_date", text("sao_date")))
    sourced_by = checks.person_of(ctx, (("sourced_by", text("sourced_by")),), required=False)
    sourced_by_id, sourced_by_name = row.take(sourced_by)
    row.within("name", text("name"), Opportunity)
    row.within("owner", owner_name, Opportunity)
    row.within("account", account, Opportunity)
    row.within("sourced_by", sourced_by_name, Opportunity)
    if row.errors:
        return None, row.errors
    return (
        external_id,
        text("name"),
        owner_id,
        owner_name,
        account,
        parsers.type_of(text("type")),
        stage,
        str(amount),
        close_date,
        created_date,
        sao_date,
        sourced_by_id,
        sourced_by_name,
        line,
    ), []


def meeting(ctx: Context, line: int, cells: list[str]) -> tuple[tuple | None, list[RowError]]:
    """One meeting row -> the staging record, or its errors."""
    row = Row(ctx, line, cells)
    sdr = checks.person_of(ctx, (("sdr", row.text("sdr")),), required=True)
    sdr_id, sdr_name = row.take(sdr)
    day = row.take(checks.date_of(ctx, "date", row.text("date"), "date", required=True))
    if row.has("external_id"):
        external_id = row.take(checks.external_id_of(row.text("external_id"), "Activity ID"))
    else:
        external_id = meetings.meeting_key(
            row.text("sdr"), row.text("date"), row.text("subject"), row.text("account")
        )
    if sdr_id is not None and sdr_id in ctx.non_sdrs:
        row.warn("sdr", f"held by {sdr_name}, who is not an SDR in the roster")
    kind = row.take(checks.required_text("type", row.text("type"), "meeting type"))
    if kind and ctx.meeting_types and parsers.stage_key(kind) not in ctx.meeting_types:
        ctx.filtered[kind] += 1  # left out, counted and named by meetings.filter_notes
        return None, []
    status = row.text("status")
    row.within("sdr", sdr_name, Meeting)
    row.within("type", kind, Meeting)
    row.within("status", status, Meeting)
    row.within("account", row.text("account"), Meeting)
    held = _held(row, status)
    if row.errors:
        return None, row.errors
    return (
        external_id,
        sdr_id,
        sdr_name,
        day,
        kind,
        status,
        "1" if held else "0",
        row.text("account"),
        line,
    ), []


def _held(row: Row, status: str) -> bool:
    """A "Took place" column decides where given (activities.py); else the Status does."""
    if not row.has("took_place"):
        return parsers.took_place(status)
    try:
        return parsers.parse_bool(row.text("took_place"))
    except ValueError as error:
        row.error("took_place", str(error))
        return False
