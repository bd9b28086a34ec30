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
    # Without an id, a meeting is keyed by (owner, date, subject, account): imports/meetings.py.
    Field("external_id", "Activity ID", ("Activity ID", "Id", "Meeting ID", "Event ID")),
    Field("sdr", "SDR", ("Assigned", "Assigned To", "SDR", "Owner", "OwnerId"), True),
    Field("date", "Date", ("Date", "Activity Date", "ActivityDate", "Meeting Date"), True),
    Field("type", "Meeting type", ("Meeting Type", "Type", "Event Type", "Meeting_Type__c"), True),
    Field("status", "Status", ("Status", "Meeting Status", "Meeting_Status__c")),
    Field("account", "Account", ("Account Name", "Account", "Company")),
    Field("subject", "Subject", ("Subject",)),
    # Decides over Status where given (a Data Export's or a sync's Event/Task: activities.py).
    Field("took_place", "Took place", ("Took Place", "Held")),
)

PEOPLE_FIELDS = (
    Field("name", "Name", ("Name", "Full Name")),
    # A Salesforce User file (Data Export, Data Loader) has FirstName/LastName and no Name.
    Field("first_name", "First name", ("First Name", "FirstName")),
    Field("last_name", "Last name", ("Last Name", "LastName")),
    Field("email", "E-mail", ("Email", "E-mail", "Email Address"), True),
    # Role first: a Title or user role only proposes one (users.propose_role).
    Field("role", "Role", ("Role", "Title", "UserRole", "User Role", "Role Name"), True),
    Field("sdr_segment", "SDR segment", ("SDR Segment", "Segment")),
    Field("level", "Level", ("Level",)),
    Field("manager_email", "Manager e-mail", ("Manager Email", "Manager")),
    Field("manager_id", "Manager user id", ("ManagerId", "Manager ID", "Manager User Id")),
    Field("is_active", "Active", ("IsActive", "Active")),
    Field("start_date", "Start date", ("Start Date",)),
    Field("ramp_year", "Ramp year", ("Ramp Year",)),
    Field(
        "salesforce_id",
        "Salesforce user id",
        ("Salesforce ID", "User ID", "Salesforce User Id", "Id"),
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
    "people": (("name", "last_name"),),
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

    is_header.looked_for = looked_for(kind, overrides)
    return is_header


def looked_for(kind: str, overrides: dict[str, str] | None = None) -> str:
    """The columns a header row of ``kind`` is recognised by, for "no header row found"."""
    wanted = []
    for field in FIELDS[kind]:
        chosen = (overrides or {}).get(field.name)
        names = (chosen,) if chosen else field.aliases[:3]
        if field.required or chosen or any(field.name in group for group in ONE_OF[kind]):
            wanted.append(" or ".join(f'"{name}"' for name in names))
    return "a row naming at least two of: " + "; ".join(wanted)


# What to do about a missing column: how Salesforce is made to write it.
HOW_TO_ADD = {
    "opportunities": (
        "export it again with these columns: in the Salesforce report, Edit \u2192 Columns, "
        'add "Opportunity ID" (reports leave it out unless added), "Opportunity Owner", '
        '"Stage", "Amount" and "Close Date", then Export \u2192 Details Only; in Data Loader, '
        "select Id, OwnerId, AccountId, StageName, Amount and CloseDate"
    ),
    "meetings": (
        'export it again with these columns: in the activities report, add "Activity ID", '
        '"Assigned", "Date" and the meeting type; in Data Loader (Event), select Id, OwnerId, '
        "ActivityDate and Type"
    ),
    "people": (
        "add the column: the roster template on the imports page names every column "
        "(Name, Email, Role …)"
    ),
}


def missing_columns(kind: str, missing: list[str]) -> str:
    """The refusal for required columns a file lacks, saying how to add them."""
    return (
        f"a required column is missing: {', '.join(missing)}; nothing changed: {HOW_TO_ADD[kind]}"
    )
