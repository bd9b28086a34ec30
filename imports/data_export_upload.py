"""The weekly Data Export zip uploaded on the imports page (issue 14): the command's code path
(``data_export``) turned into one previewed run.

The run is an opportunities import of the zip's Opportunity.csv, with its User and Account
files as the companions that resolve OwnerId and AccountId (as a data loader upload). What the
rest of the zip holds is described on the run (``companions["data_export"]``) for the preview:
the people User.csv proposes (the admin adds the ones they confirm to the roster, then the same
upload is checked again), OpportunityHistory's observed states, and Event/Task row counts.
Confirming commits the opportunities in one transaction, like every import.
"""

from __future__ import annotations

import io
from dataclasses import asdict

from imports.models import ImportKind, ImportRun, ImportStatus

from . import data_export, proposals
from .reading import ImportFileError, read_table
from .uploads import create_upload as create_run

KEY = "data_export"


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def _row_count(data: bytes, file: str) -> int:
    try:
        table = read_table(io.BytesIO(data), file, lambda cells: "Id" in cells)
        return sum(1 for _row in table.rows)
    except ImportFileError:
        return 0


def describe(export: dict[str, bytes], zip_name: str) -> dict:
    """What the preview says of the zip beyond Opportunity.csv (JSON for the run)."""
    found: dict = {"zip": zip_name, "files": sorted(f"{name}.csv" for name in export)}
    if "user" in export:
        people = data_export.proposed_people(export["user"], export.get("userrole"))
        found["people"] = [asdict(person) for person in people]
    if "opportunityhistory" in export:
        try:
            states = data_export.opportunity_history(export["opportunityhistory"])
            found["history_states"] = len(states)
        except (ValueError, ImportFileError) as error:
            found["history_error"] = str(error)
    for what in ("event", "task"):
        if what in export:
            found[f"{what}_rows"] = _row_count(export[what], f"{what.capitalize()}.csv")
    return found


def create_upload(*, name: str, data: bytes, user=None, **options) -> ImportRun:
    """A previewable run of the Data Export zip ``name``; ImportFileError naming the zip (or
    the file in it) when it is not one, or a User/Account file cannot be read."""
    export = data_export.open_export(io.BytesIO(data), name)
    companions = {
        what: _named(export[key], f"{key.capitalize()}.csv")
        for what, key in (("users", "user"), ("accounts", "account"))
        if key in export
    }
    try:
        extra = {KEY: describe(export, name)}
    except ValueError as error:
        raise ImportFileError(name, str(error), 1) from error
    return create_run(
        kind=ImportKind.OPPORTUNITIES,
        name=f"{name}: Opportunity.csv",
        data=export["opportunity"],
        user=user,
        extra=extra,
        **companions,
        **options,
    )


def people_to_confirm(run: ImportRun) -> list[dict]:
    """The zip's proposed people, each with the roster entry it already is (by e-mail or
    Salesforce user id), if any. One query."""
    return proposals.match_to_roster((run.companions or {}).get(KEY, {}).get("people", []))


def add_people(run: ImportRun, chosen: dict[str, str]) -> int:
    """Add the proposed people the admin confirmed (Salesforce user id -> role) to the roster,
    with their managers where those are in the roster too, in one transaction; then queue a
    fresh preview of the same upload. ValueError (nothing added) for a role or e-mail the
    roster cannot take. How many were added."""
    found = {person["salesforce_id"]: person for person in people_to_confirm(run)}
    added = proposals.add_to_roster(
        found, {user_id: proposals.Chosen(role) for user_id, role in chosen.items()}
    )
    run.status, run.commit = ImportStatus.UPLOADED, False
    run.save(update_fields=["status", "commit"])
    return len(added)
