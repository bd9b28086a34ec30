"""What each import kind reads: our fields, the column names Salesforce gives them, and the
matching of a file's header to them (case, spacing and punctuation ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # Report labels and API names, compared after normalise().
    aliases: tuple[str, ...]
    required: bool = False


def normalise(header: str) -> str:
    """``Opportunity Owner`` = ``opportunity_owner`` = ``OPPORTUNITY-OWNER``."""
    return re.sub(r"[^0-9a-z]", "", header.lower())


OPPORTUNITY_FIELDS = (
    Field(
        "external_id",
        "Opportunity ID",
        ("Opportunity ID", "Id", "Opportunity 18 ID", "Opportunity ID 18", "Opportunity Id (18)"),
        True,
    ),
    Field("name", "Opportunity name", ("Opportunity Name", "Name")),
    Field("owner", "Owner", ("Opportunity Owner", "Owner", "Owner Name", "Owner Full Name")),
    Field("owner_email", "Owner e-mail", ("Owner Email", "Opportunity Owner Email")),
    Field("owner_id", "Owner id", ("OwnerId", "Owner ID", "Opportunity Owner ID")),
    Field("account", "Account", ("Account Name", "Account")),
    Field("account_id", "Account id", ("AccountId", "Account ID")),
    Field("type", "Type", ("Type", "Opportunity Type")),
    Field("stage", "Stage", ("Stage", "StageName", "Stage Name"), True),
    Field("amount", "Amount", ("Amount", "ACV", "Amount (ACV)"), True),
    Field("currency", "Currency", ("Amount Currency", "CurrencyIsoCode", "Currency")),
    Field("close_date", "Close date", ("Close Date", "CloseDate"), True),
    Field("created_date", "Created date", ("Created Date", "CreatedDate")),
    Field("sao_date", "SAO date", ("SAO Date", "SAO_Date__c", "Sales Accepted Date")),
    Field(
        "sourced_by",
        "Sourced by (SDR)",
        ("Sourced By", "SDR", "Sourced_By__c", "SDR__c", "Sourcing SDR"),
    ),
    Field("is_won", "Won", ("IsWon", "Won")),
    Field("is_closed", "Closed", ("IsClosed", "Closed")),
)

MEETING_FIELDS = (
    Field("external_id", "Activity ID", ("Activity ID", "Id", "Meeting ID", "Event ID"), True),
    Field("sdr", "SDR", ("Assigned", "Assigned To", "SDR", "Owner", "OwnerId"), True),
    Field("date", "Date", ("Date", "Activity Date", "ActivityDate", "Meeting Date"), True),
    Field("type", "Meeting type", ("Meeting Type", "Type", "Event Type", "Meeting_Type__c"), True),
    Field("status", "Status", ("Status", "Meeting Status", "Meeting_Status__c")),
    Field("account", "Account", ("Account Name", "Account", "Company")),
)

PEOPLE_FIELDS = (
    Field("name", "Name", ("Name", "Full Name"), True),
    Field("email", "E-mail", ("Email", "E-mail", "Email Address"), True),
    Field("role", "Role", ("Role",), True),
    Field("sdr_segment", "SDR segment", ("SDR Segment", "Segment")),
    Field("level", "Level", ("Level",)),
    Field("manager_email", "Manager e-mail", ("Manager Email", "Manager")),
    Field("start_date", "Start date", ("Start Date",)),
    Field("ramp_year", "Ramp year", ("Ramp Year",)),
    Field(
        "salesforce_id", "Salesforce user id", ("Salesforce ID", "User ID", "Salesforce User Id")
    ),
)

FIELDS = {
    "opportunities": OPPORTUNITY_FIELDS,
    "meetings": MEETING_FIELDS,
    "people": PEOPLE_FIELDS,
}
# Either of these fields satisfies the requirement (report exports name people, data loader
# exports give ids).
ONE_OF = {
    "opportunities": (("owner", "owner_email", "owner_id"), ("account", "account_id")),
    "meetings": (),
    "people": (),
}


@dataclass
class ColumnMatch:
    """Which column of the file feeds each field, the columns ignored and the fields missing."""

    columns: dict[str, int]
    header: list[str]
    ignored: list[str]
    missing: list[str]

    def picked(self) -> dict[str, str]:
        return {field: self.header[index] for field, index in self.columns.items()}


def match_columns(kind: str, header: list[str], overrides: dict[str, str] | None = None):
    """Match ``header`` to ``kind``'s fields; ``overrides`` (field -> column name) win."""
    fields = FIELDS[kind]
    position = {}
    for index, column in enumerate(header):
        position.setdefault(normalise(column), index)
    columns: dict[str, int] = {}
    for field in fields:
        wanted = overrides.get(field.name) if overrides else None
        names = (wanted,) if wanted else field.aliases
        for name in names:
            index = position.get(normalise(name))
            if index is not None and index not in columns.values():
                columns[field.name] = index
                break
    used = set(columns.values())
    ignored = [column for index, column in enumerate(header) if index not in used and column]
    missing = [f.label for f in fields if f.required and f.name not in columns]
    for group in ONE_OF[kind]:
        if not any(name in columns for name in group):
            labels = {f.name: f.label for f in fields}
            missing.append(" or ".join(labels[name] for name in group))
    return ColumnMatch(columns, header, ignored, missing)


def header_finder(kind: str, overrides: dict[str, str] | None = None):
    """A test for "this row is the header": it names at least two of our fields."""

    def is_header(cells: list[str]) -> bool:
        match = match_columns(kind, [cell.strip() for cell in cells], overrides)
        return len(match.columns) >= 2

    return is_header
