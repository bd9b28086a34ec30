"""Salesforce's weekly Data Export (Setup -> Data Export): a zip of one CSV per object, named
by API name. Opportunity is imported with its Account and User files resolving AccountId and
OwnerId; User proposes people; OpportunityHistory is parsed into observed states for the deal
history (``opportunity_history``: the hand-off, no storage here)."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from goals import calendar

from . import activities, dates, parsers
from .reading import ImportFileError, read_table
from .users import full_name, propose_role

REQUIRED = "Opportunity"


def open_export(path, name: str = "") -> dict[str, bytes]:
    """The zip's CSV files by object name (``Opportunity``, ``User`` …); ImportFileError naming
    the zip when it is not a Data Export. ``path``: a path or a binary file (``name`` names it)."""
    name = name or Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            found = {
                PurePosixPath(member).stem.lower(): archive.read(member)
                for member in archive.namelist()
                if member.lower().endswith(".csv")
            }
    except zipfile.BadZipFile as error:
        raise ImportFileError(name, "not a zip archive (a Salesforce Data Export)", 1) from error
    if REQUIRED.lower() not in found:
        listed = ", ".join(sorted(found)) or "no CSV files"
        raise ImportFileError(
            name, f"no Opportunity.csv in the zip (it holds: {listed}): export Opportunity too", 1
        )
    return found


@dataclass(frozen=True)
class ObservedState:
    """One OpportunityHistory row: the state an opportunity was seen in, and when."""

    opportunity_id: str
    observed_on: date
    stage_name: str
    amount: Decimal | None
    close_date: date | None
    line: int
    # When Salesforce recorded it: CreatedDate with its time (a date alone: that day's start).
    observed_at: datetime | None = None
    currency: str = ""

    def as_row(self) -> dict[str, str]:
        """The flat row ``past_states`` reads (the sync's Bulk CSV shape)."""
        return {
            "OpportunityId": self.opportunity_id,
            "CreatedDate": self.observed_at.isoformat() if self.observed_at else "",
            "StageName": self.stage_name,
            "Amount": "" if self.amount is None else str(self.amount),
            "CloseDate": self.close_date.isoformat() if self.close_date else "",
            "CurrencyIsoCode": self.currency,
        }


def _rows(data: bytes, file: str, wanted: tuple[str, ...]):
    def is_header(cells):
        return all(name in cells for name in wanted[:2])

    is_header.looked_for = " and ".join(f'"{name}"' for name in wanted[:2])
    table = read_table(io.BytesIO(data), file, is_header)
    position = {name: table.header.index(name) for name in wanted if name in table.header}
    for line, cells in table.rows:
        yield line, {name: cells[index].strip() for name, index in position.items()}


_ISO_START = re.compile(r"\s*\d{4}-")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?\s*$")


def moment_of(text: str, parse, zone: tzinfo) -> datetime | None:
    """A CreatedDate as a moment: ISO as written, UTC when it names no zone (a Data Export:
    ``2018-10-13 17:16:45``, the API ``2023-06-23T20:55:00.000Z``); otherwise the date by the
    file's evidence and its time ("08:55 PM") in ``zone`` (Data Loader's local time)."""
    moment = parse_datetime(text.strip()) if _ISO_START.match(text) else None
    if moment is not None:  # Salesforce writes its date-times in UTC (GMT)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = parse(text)
    if day is None:
        return None
    hour = minute = second = 0
    if match := _TIME.search(text.split(" ", 1)[1] if " " in text.strip() else ""):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if match[4]:
            hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    return datetime.combine(day, time(hour, minute, second), tzinfo=zone)


def opportunity_history(
    data: bytes, file: str = "OpportunityHistory.csv", zone: tzinfo | None = None
) -> list[ObservedState]:
    """hG's hand-off: every OpportunityHistory row as an observed state, in file order. Dates
    read by the file's own evidence (dates.weigh); ValueError naming line and column."""
    zone = zone or timezone.get_current_timezone()
    columns = ("OpportunityId", "CreatedDate", "StageName", "Amount", "CloseDate")
    columns += ("CurrencyIsoCode",)
    rows = list(_rows(data, file, columns))
    reading = dates.weigh(
        (line, column, row.get(column, ""))
        for line, row in rows
        for column in ("CreatedDate", "CloseDate")
    )
    parse = reading.parser()
    states = []
    for line, row in rows:
        column = ""
        try:
            column = "OpportunityId"
            opportunity_id = parsers.parse_id(row["OpportunityId"])
            column = "CreatedDate"
            observed = parse(row["CreatedDate"])
            moment = moment_of(row["CreatedDate"], parse, zone)
            column = "Amount"
            amount, _code = parsers.amount_as_written(row.get("Amount", ""))
            column = "CloseDate"
            close = parse(row.get("CloseDate", ""))
        except (ValueError, KeyError) as error:
            raise ValueError(f"{file}, line {line}, column {column}: {error}") from error
        stage, currency = row.get("StageName", ""), row.get("CurrencyIsoCode", "") or _code or ""
        states.append(
            ObservedState(opportunity_id, observed, stage, amount, close, line, moment, currency)
        )
    return states


@dataclass(frozen=True)
class ProposedPerson:
    """A roster entry the User file proposes (the admin confirms it on the roster import)."""

    name: str
    email: str
    role: str
    manager_email: str
    salesforce_id: str


def proposed_people(users: bytes, roles: bytes | None = None) -> list[ProposedPerson]:
    """Active users as roster entries: name from FirstName/LastName, role proposed from the
    user role's name or the title, manager from ManagerId; inactive users left out."""
    columns = (
        "Id",
        "Email",
        "FirstName",
        "LastName",
        "Name",
        "Title",
        "UserRoleId",
        "ManagerId",
        "IsActive",
    )
    role_names = {}
    if roles:
        role_names = {
            parsers.parse_id(row["Id"]): row.get("Name", "")
            for _line, row in _rows(roles, "UserRole.csv", ("Id", "Name"))
        }
    rows = [row for _line, row in _rows(users, "User.csv", columns)]
    emails = {parsers.parse_id(row["Id"]): row.get("Email", "").lower() for row in rows}
    people = []
    for row in rows:
        active = row.get("IsActive")
        if active is not None and not parsers.parse_bool(active):
            continue
        role_name = role_names.get(parsers.parse_id(row.get("UserRoleId", "")), "")
        manager = parsers.parse_id(row.get("ManagerId", ""))
        people.append(
            ProposedPerson(
                name=full_name(
                    row.get("Name", ""), row.get("FirstName", ""), row.get("LastName", "")
                ),
                email=row.get("Email", "").lower(),
                role=propose_role(role_name) or propose_role(row.get("Title", "")),
                manager_email=emails.get(manager, ""),
                salesforce_id=parsers.parse_id(row["Id"]),
            )
        )
    return people


def import_opportunities(export: dict[str, bytes], name: str, **options):
    """Import the export's Opportunity.csv with its User and Account files (services'
    import_file: the same path, preview or commit); returns the ImportRun."""
    from .service import import_file

    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for what in ("opportunity", "user", "account"):
            if what in export:
                paths[what] = Path(folder) / f"{what.capitalize()}.csv"
                paths[what].write_bytes(export[what])
        return import_file(
            "opportunities",
            paths["opportunity"],
            users=paths.get("user"),
            accounts=paths.get("account"),
            **options,
        )


def activity_tables(
    export: dict[str, bytes], *, accounts: dict[str, str], date_format: str = ""
) -> list[activities.MeetingTable]:
    """The zip's Event.csv and Task.csv as meetings rows (activities.meeting_table), each row at
    its own line; today: the day of the upload in the company's time zone."""
    tables = []
    for kind in (activities.EVENT, activities.TASK):
        data = export.get(kind.lower())
        if data is None:
            continue
        file = f"{kind}.csv"

        def is_header(cells):
            return "Id" in cells and "OwnerId" in cells

        is_header.looked_for = '"Id" and "OwnerId"'
        table = read_table(io.BytesIO(data), file, is_header)
        wanted = {name: i for i, name in enumerate(table.header) if name in activities.READ}
        rows = [
            (line, {name: cells[i].strip() for name, i in wanted.items()})
            for line, cells in table.rows
        ]
        if date_format:
            reading = dates.DateReading(date_format, declared=True)
        else:
            reading = dates.weigh(
                (line, name, row.get(name, ""))
                for line, row in rows
                for name in ("ActivityDate", "StartDateTime")
            )
        tables.append(
            activities.meeting_table(
                kind,
                rows,
                accounts=accounts,
                today=calendar.today(),
                zone=timezone.get_current_timezone(),
                file=file,
                names=table.header,
                read_date=reading.parser(),
            )
        )
    return tables
