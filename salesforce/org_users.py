"""The org's users: read by each sync (all of them the first time, then those changed since the
newest ``SystemModstamp`` kept), kept as ``OrgUser`` rows and matched to people, so the import
places each deal's owner and sourcing SDR by Salesforce user id.

A user is matched to the person whose ``salesforce_id`` is its Id, else to the person with its
e-mail (case-insensitive), whose ``salesforce_id`` is then recorded (a saved Person: audited).
Active users matched to nobody are proposed to the admin (``imports.data_export.propose``, the
Data Export's own reading of a User file); adding them matches again, so the next sync places
their deals. The users commit before the opportunities are imported: a sync the import refuses
for an unknown owner keeps them, so the admin sees whom to add.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.dateparse import parse_datetime

from goals.audit import acting_as
from imports import data_export, parsers, proposals
from imports.models import ImportRun
from people.models import Person

from .models import OrgUser, Sync

FIELDS = {
    "first_name": "FirstName",
    "last_name": "LastName",
    "name": "Name",
    "email": "Email",
    "manager_salesforce_id": "ManagerId",
    "user_role_id": "UserRoleId",
    "role_name": "UserRole.Name",
    "title": "Title",
}
PEOPLE_KINDS = ("owner", "sourced_by")


def last_modstamp() -> datetime | None:
    """Where the next read of User starts: the newest SystemModstamp kept (None: read all)."""
    return OrgUser.objects.aggregate(newest=Max("system_modstamp"))["newest"]


def _values(row: dict[str, str]) -> dict:
    values = {name: (row.get(field) or "").strip() for name, field in FIELDS.items()}
    for name in ("manager_salesforce_id", "user_role_id"):
        values[name] = parsers.parse_id(values[name])
    for name, field in (("name", 121), ("email", 128), ("title", 80), ("role_name", 80)):
        values[name] = values[name][:field]
    values["is_active"] = parsers.parse_bool(row.get("IsActive") or "false")
    values["system_modstamp"] = parse_datetime(row["SystemModstamp"])
    return values


def record(rows: list[dict[str, str]], user=None) -> int:
    """Keep the users read (flat User records) and match every user to a person, in one
    transaction; how many people had their Salesforce user id recorded."""
    with transaction.atomic(), acting_as(user):
        if rows:
            _upsert(rows)
        return match()


def _upsert(rows: list[dict[str, str]]) -> None:
    read = {parsers.parse_id(row["Id"]): _values(row) for row in rows}
    existing = OrgUser.objects.in_bulk(list(read), field_name="salesforce_id")
    new, changed = [], []
    for user_id, values in read.items():
        kept = existing.get(user_id)
        if kept is None:
            new.append(OrgUser(salesforce_id=user_id, **values))
        elif any(getattr(kept, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(kept, name, value)
            changed.append(kept)
    OrgUser.objects.bulk_create(new)
    OrgUser.objects.bulk_update(changed, [*FIELDS, "is_active", "system_modstamp"])


def match() -> int:
    """Link each user to its person (by ``salesforce_id``, then e-mail); a person matched by
    e-mail with no Salesforce user id gets this one (saved one by one: the audit trail records
    each). How many ids were recorded. A fixed number of queries but those saves."""
    people = list(Person.objects.only("id", "email", "salesforce_id"))
    by_id = {p.salesforce_id: p for p in people if p.salesforce_id}
    by_email = {p.email.lower(): p for p in people}
    users = sorted(OrgUser.objects.all(), key=lambda u: (not u.is_active, u.salesforce_id))
    relinked, recorded = [], 0
    for org_user in users:
        person = by_id.get(org_user.salesforce_id) or by_email.get(org_user.email.lower())
        if person is not None and not person.salesforce_id:
            person.salesforce_id = org_user.salesforce_id
            person.save(update_fields=["salesforce_id"])
            by_id[person.salesforce_id] = person
            recorded += 1
        if org_user.person_id != (person.pk if person else None):
            org_user.person = person
            relinked.append(org_user)
    OrgUser.objects.bulk_update(relinked, ["person"])
    return recorded


def lookup() -> dict[str, list[str]]:
    """The import's Users companion: user id -> ("", e-mail), so an owner or SDR id that no
    person's ``salesforce_id`` names is matched by e-mail, never by name."""
    return {u: ["", email] for u, email in OrgUser.objects.values_list("salesforce_id", "email")}


def waiting_rows(run: ImportRun | None) -> dict[str, int]:
    """User id -> the rows of ``run`` (a sync's import) no person could be placed for."""
    found: dict[str, int] = {}
    for what in PEOPLE_KINDS:
        for item in ((run.unplaced or {}) if run else {}).get(what, []):
            user_id = item.get("user_id") or item["text"]
            found[user_id] = found.get(user_id, 0) + item["rows"]
    return found


def _newest_sync_run() -> ImportRun | None:
    newest = Sync.objects.filter(run__isnull=False).select_related("run")
    newest = newest.defer("run__data", "run__companions")
    sync = newest.order_by("-started_at", "-id").first()
    return sync.run if sync else None


def proposals_to_add() -> list[dict]:
    """Active users matching nobody as roster entries (``data_export.propose``), each with
    ``in_roster`` and ``waiting`` (the newest sync's deals naming them), those owning deals
    first. Three queries, whatever the number of users."""
    return users_to_add()[0]


def users_to_add() -> tuple[list[dict], list[OrgUser]]:
    """``proposals_to_add``'s proposals, and the inactive users matching nobody that the newest
    sync's deals name (not proposed: the admin adds them on People). Three queries."""
    users = list(OrgUser.objects.all())
    unmatched = {u.salesforce_id for u in users if u.person_id is None}
    records = [_as_record(u) for u in users]
    proposed = [p for p in data_export.propose(records, {}) if p.salesforce_id in unmatched]
    waiting = waiting_rows(_newest_sync_run())
    found = proposals.match_to_roster([vars(p) for p in proposed])
    for person in found:
        person["waiting"] = waiting.get(person["salesforce_id"], 0)
    found.sort(key=lambda p: (-p["waiting"], p["name"].casefold(), p["email"]))
    inactive = [
        u
        for u in users
        if not u.is_active and u.salesforce_id in unmatched and u.salesforce_id in waiting
    ]
    return found, inactive


def proposal_count() -> int:
    """How many active users match no person (one query)."""
    return OrgUser.objects.filter(person__isnull=True, is_active=True).count()


def _as_record(user: OrgUser) -> dict[str, str]:
    record = {field: getattr(user, name) for name, field in FIELDS.items()}
    return record | {"Id": user.salesforce_id, "IsActive": "true" if user.is_active else "false"}


def add(chosen: dict[str, proposals.Chosen], user=None) -> int:
    """Add the proposals the admin chose (user id -> role and manager) to the roster, then
    match again, so the next sync places their deals; ValueError, nobody added, for a choice
    the roster cannot take. How many were added."""
    found = {p["salesforce_id"]: p for p in proposals_to_add()}
    with transaction.atomic(), acting_as(user):
        added = proposals.add_to_roster(found, chosen)
        match()
    return len(added)


def unplaced_note(run: ImportRun) -> str:
    """What a refused sync says of owners and SDRs matching nobody, and where to add them."""
    count = len(waiting_rows(run))
    if not count:
        return ""
    return (
        f"; {count} Salesforce user(s) match no person: add them on Imports → Salesforce users"
        " (the next sync places their deals)"
    )
