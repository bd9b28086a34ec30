"""The weekly Data Export zip uploaded on the imports page (issue 14): the command's code path
(``data_export``) turned into one previewed run.

The run is an opportunities import of the zip's Opportunity.csv, with its User and Account
files as the companions that resolve OwnerId and AccountId (as a data loader upload). What the
rest of the zip holds is described on the run (``companions["data_export"]``) for the preview:
the people User.csv proposes (the admin adds the ones they confirm to the roster, then the same
upload is checked again). Event.csv/Task.csv (as meetings rows, activities.py) and
OpportunityHistory.csv (as past states) are stored on the run for ``run_extras``, which checks
and writes them with the opportunities: one preview, one all-or-nothing commit.
"""

from __future__ import annotations

import io
from dataclasses import asdict

from django.db import IntegrityError, transaction

from imports.models import ImportKind, ImportRun, ImportStatus
from people.models import Person, Role

from . import data_export, parsers, people, run_extras
from .reading import ImportFileError
from .uploads import create_upload as create_run

KEY = "data_export"


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def describe(export: dict[str, bytes], zip_name: str, date_format: str = "") -> dict:
    """What the preview says of the zip beyond Opportunity.csv, and what the run carries for
    ``run_extras`` (JSON for the run's companions). ValueError naming file, line and column."""
    found: dict = {"zip": zip_name, "files": sorted(f"{name}.csv" for name in export)}
    carried: dict = {}
    if "user" in export:
        proposed = data_export.proposed_people(export["user"], export.get("userrole"))
        found["people"] = [asdict(person) for person in proposed]
    if "opportunityhistory" in export:
        states = data_export.opportunity_history(export["opportunityhistory"])
        held = _opportunity_ids(export["opportunity"])
        kept = [state.as_row() for state in states if state.opportunity_id in held]
        found["history_states"] = len(kept)
        found["history_other_deals"] = len(states) - len(kept)
        carried[run_extras.HISTORY] = kept
    accounts = {}
    if "account" in export:
        accounts = people.lookup_file(_named(export["account"], "Account.csv"), "accounts")
    tables = data_export.activity_tables(export, accounts=accounts, date_format=date_format)
    for table in tables:
        found[f"{table.file.split('.')[0].lower()}_rows"] = len(table.rows) + table.deleted
    if tables:
        carried[run_extras.ACTIVITIES] = [table.as_json() for table in tables]
    return {KEY: found} | carried


def _opportunity_ids(data: bytes) -> set[str]:
    rows = data_export._rows(data, "Opportunity.csv", ("Id", "StageName"))
    found = set()
    for _line, row in rows:
        try:
            found.add(parsers.parse_id(row["Id"]))
        except ValueError:
            continue  # the opportunities import names it
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
        extra = describe(export, name, options.get("date_format", ""))
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
    proposed = (run.companions or {}).get(KEY, {}).get("people", [])
    emails = {person["email"] for person in proposed if person["email"]}
    ids = {person["salesforce_id"] for person in proposed}
    known = Person.objects.filter(email__in=emails) | Person.objects.filter(salesforce_id__in=ids)
    by_email, by_id = {}, {}
    for person in known.only("id", "name", "email", "salesforce_id"):
        by_email[person.email.lower()] = person
        if person.salesforce_id:
            by_id[person.salesforce_id] = person
    return [
        person | {"in_roster": by_id.get(person["salesforce_id"]) or by_email.get(person["email"])}
        for person in proposed
    ]


def add_people(run: ImportRun, chosen: dict[str, str]) -> int:
    """Add the proposed people the admin confirmed (Salesforce user id -> role) to the roster,
    with their managers where those are in the roster too, in one transaction; then queue a
    fresh preview of the same upload. ValueError (nothing added) for a role or e-mail the
    roster cannot take. How many were added."""
    proposals = {person["salesforce_id"]: person for person in people_to_confirm(run)}
    try:
        added = _add(proposals, chosen)
    except IntegrityError as error:
        raise ValueError(f"two people with one e-mail address: {error}") from error
    run.status, run.commit = ImportStatus.UPLOADED, False
    run.save(update_fields=["status", "commit"])
    return added


def _add(proposals: dict[str, dict], chosen: dict[str, str]) -> int:
    with transaction.atomic():
        added = []
        for user_id, role in chosen.items():
            person = proposals.get(user_id)
            if person is None or person["in_roster"] is not None:
                continue
            if role not in Role.values:
                raise ValueError(f"{person['name']}: choose a role (AE, SDR, manager, admin)")
            if "@" not in person["email"]:
                raise ValueError(f"{person['name']}: User.csv gives no e-mail address")
            added.append(
                Person.objects.create(
                    name=person["name"] or person["email"],
                    email=person["email"],
                    role=role,
                    salesforce_id=user_id,
                )
            )
        managers = {
            p.email.lower(): p
            for p in Person.objects.filter(
                email__in=[proposals[p.salesforce_id]["manager_email"] for p in added]
            )
        }
        for person in added:
            manager = managers.get(proposals[person.salesforce_id]["manager_email"])
            if manager is not None and manager.pk != person.pk:
                person.manager = manager
                person.save(update_fields=["manager"])
    return len(added)
