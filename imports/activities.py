"""Salesforce Event and Task records as the rows of the meetings import (issues 14 and 16): one
plain function for the Data Export's Event.csv/Task.csv and the sync's records alike.

Each record becomes one row, at its own line, in the meetings import's columns (records.meeting
checks it, so an error names the Salesforce file, line and column). What is decided here:

- the date: ``ActivityDate``; an Event without one, its ``StartDateTime`` as a day in the
  company's time zone;
- the type: ``Type``, else the subtype (``EventSubtype``/``TaskSubtype``: Event, Task, Call,
  Email), else the object's name ("Event", "Task": a Data Export leaves Type blank on most
  activities, and a type no segment counts is kept, never a refusal of the whole zip); the
  admin's meeting type filter is applied by the import, which counts what it leaves out;
- whether the meeting took place (RULES.md: meetings that did not take place never count): a
  Task when its ``Status`` is "Completed"; an Event when its day is past (on or before the day of
  the export or sync) and, where the org keeps a Status on events, that status is not a "did not
  take place" one (No Show, Cancelled …). A future Event is kept as not (yet) held; the next
  export or sync holds it as held once its day has passed;
- the account: ``AccountId`` (else ``WhatId``) named by the Account file or relationship;
- a record with ``IsDeleted`` true (a recycle-bin row) is left out and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo

from django.utils.dateparse import parse_datetime

from . import parsers

EVENT, TASK = "Event", "Task"
# The meetings import's fields, in the order of a table's cells (records.meeting reads them).
FIELDS = ("external_id", "sdr", "date", "type", "status", "account", "subject", "took_place")
COLUMNS = {name: index for index, name in enumerate(FIELDS)}
# The columns read from an Event/Task file or query (the date column is the kind's own).
READ = (
    "Id",
    "OwnerId",
    "ActivityDate",
    "StartDateTime",
    "Type",
    "EventSubtype",
    "TaskSubtype",
    "Status",
    "IsClosed",
    "AccountId",
    "WhatId",
    "Subject",
    "IsDeleted",
)
TOOK_PLACE = {EVENT: "Took place (day past)", TASK: "Took place (Status Completed)"}


@dataclass(frozen=True)
class MeetingTable:
    """An Event or Task file as meetings-import rows: ``(line, cells)`` under ``header``."""

    file: str
    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    deleted: int = 0

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "header": list(self.header),
            "rows": [[line, cells] for line, cells in self.rows],
            "deleted": self.deleted,
        }

    @classmethod
    def from_json(cls, data: dict) -> MeetingTable:
        rows = [(int(line), list(cells)) for line, cells in data["rows"]]
        return cls(data["file"], tuple(data["header"]), rows, int(data.get("deleted", 0)))


def header_of(kind: str, names: Iterable[str]) -> tuple[str, ...]:
    """The table's header: each field named by the Salesforce column it comes from."""
    names = set(names)
    day = "ActivityDate" if kind == TASK or "ActivityDate" in names else "StartDateTime"
    kind_type = "Type" if "Type" in names else f"{kind}Subtype"
    return ("Id", "OwnerId", day, kind_type, "Status", "AccountId", "Subject", TOOK_PLACE[kind])


def meeting_table(
    kind: str,
    records: Iterable[tuple[int, Mapping[str, str]]],
    *,
    accounts: Mapping[str, str],
    today: date,
    zone: tzinfo,
    file: str = "",
    names: Iterable[str] = READ,
    read_date: Callable[[str], date | None] | None = None,
) -> MeetingTable:
    """``kind``'s records (``(line, {API name: text})``) as meetings rows; ``accounts``: Account
    id18 -> name; ``today``: the day of the export or sync; ``names``: the columns given;
    ``read_date``: how the file's dates read (the import's own date check names a bad one)."""
    rows, deleted = [], 0
    read_date = read_date or parsers.DateParser()
    for line, record in records:
        if _true(record.get("IsDeleted", "")):
            deleted += 1
            continue
        cells = meeting_cells(kind, record, accounts, today, zone, read_date)
        rows.append((line, cells))
    return MeetingTable(file or f"{kind}.csv", header_of(kind, names), rows, deleted)


def meeting_cells(
    kind: str,
    record: Mapping[str, str],
    accounts: Mapping[str, str],
    today: date,
    zone: tzinfo,
    read_date: Callable[[str], date | None],
) -> list[str]:
    """One record's cells, in ``FIELDS`` order (see the module for each rule)."""
    day, parsed = _day(record, zone, read_date)
    status = (record.get("Status") or "").strip()
    if kind == TASK:
        held = parsers.stage_key(status) == "completed"
    else:
        held = parsed is not None and parsed <= today and (not status or parsers.took_place(status))
    subtype = (record.get(f"{kind}Subtype") or "").strip()
    kind_type = (record.get("Type") or "").strip() or subtype or kind
    return [
        (record.get("Id") or "").strip(),
        (record.get("OwnerId") or "").strip(),
        day,
        kind_type,
        status,
        _account(record, accounts),
        (record.get("Subject") or "").strip(),
        "true" if held else "false",
    ]


def _day(record: Mapping[str, str], zone: tzinfo, read_date) -> tuple[str, date | None]:
    """The meeting's day as text for the import's date check, and as a date when ISO."""
    text = (record.get("ActivityDate") or "").strip()
    if not text:
        start = (record.get("StartDateTime") or "").strip()
        moment = parse_datetime(start) if start else None
        if moment is None or moment.tzinfo is None:
            return start, None
        local = moment.astimezone(zone).date()
        return local.isoformat(), local
    try:
        return text, read_date(text)
    except ValueError:  # the import's date check names it (file, line, column)
        return text, None


def _account(record: Mapping[str, str], accounts: Mapping[str, str]) -> str:
    for name in ("AccountId", "WhatId"):
        try:
            record_id = parsers.parse_id(record.get(name) or "")
        except ValueError:
            continue
        if record_id in accounts:
            return accounts[record_id]
    return ""


def _true(text: str) -> bool:
    return (text or "").strip().lower() in ("true", "1", "yes")
