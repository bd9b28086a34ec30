"""People a Salesforce User list proposes (``data_export.propose``), matched to the roster and
added as the admin confirms them: the Data Export zip's preview and the sync's Salesforce users
page share this."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from people.models import Person, Role

# A manager choice: keep the manager Salesforce gives (ManagerId), when they are in the roster.
AS_IN_SALESFORCE = None


@dataclass(frozen=True)
class Chosen:
    """What the admin picked for a proposed person: a role and a manager (a person's id,
    ``0`` for nobody, or ``AS_IN_SALESFORCE``)."""

    role: str
    manager_id: int | None = AS_IN_SALESFORCE


def match_to_roster(proposed: list[dict]) -> list[dict]:
    """Each proposed person (``ProposedPerson`` as a dict) with the roster entry it already
    is, by Salesforce user id or e-mail (case-insensitive), under ``in_roster`` (None: nobody).
    One query."""
    emails = {person["email"].lower() for person in proposed if person["email"]}
    ids = {person["salesforce_id"] for person in proposed}
    known = Person.objects.filter(email__in=emails) | Person.objects.filter(salesforce_id__in=ids)
    by_email, by_id = {}, {}
    for person in known.only("id", "name", "email", "salesforce_id"):
        by_email[person.email.lower()] = person
        if person.salesforce_id:
            by_id[person.salesforce_id] = person
    return [
        person
        | {"in_roster": by_id.get(person["salesforce_id"]) or by_email.get(person["email"].lower())}
        for person in proposed
    ]


def add_to_roster(proposals: dict[str, dict], chosen: dict[str, Chosen]) -> list[Person]:
    """Add the proposed people (``match_to_roster``'s, by Salesforce user id) the admin chose,
    with their Salesforce user id, role and manager, in one transaction (audited: Person is).
    ValueError, nothing added, for a role or e-mail the roster cannot take."""
    try:
        with transaction.atomic():
            added = _create(proposals, chosen)
            _set_managers(added, proposals, chosen)
    except IntegrityError as error:
        raise ValueError(f"two people with one e-mail address: {error}") from error
    return added


def _create(proposals: dict[str, dict], chosen: dict[str, Chosen]) -> list[Person]:
    added = []
    for user_id, choice in chosen.items():
        person = proposals.get(user_id)
        if person is None or person["in_roster"] is not None:
            continue
        if choice.role not in Role.values:
            raise ValueError(f"{person['name']}: choose a role (AE, SDR, manager, admin)")
        if "@" not in person["email"]:
            raise ValueError(f"{person['name']}: Salesforce gives no e-mail address")
        added.append(
            Person.objects.create(
                name=person["name"] or person["email"],
                email=person["email"],
                role=choice.role,
                salesforce_id=user_id,
            )
        )
    return added


def _set_managers(added: list[Person], proposals: dict[str, dict], chosen: dict[str, Chosen]):
    """Each added person's manager: the admin's pick, else Salesforce's ManagerId where that
    manager is in the roster (possibly added just now)."""
    wanted = [proposals[p.salesforce_id]["manager_email"] for p in added]
    wanted_ids = [chosen[p.salesforce_id].manager_id for p in added]
    managers = {
        p.email.lower(): p for p in Person.objects.filter(email__in=[e for e in wanted if e])
    }
    picked = Person.objects.in_bulk([i for i in wanted_ids if i])
    for person, email, choice in zip(added, wanted, wanted_ids, strict=True):
        manager = managers.get(email) if choice is AS_IN_SALESFORCE else picked.get(choice)
        if choice not in (AS_IN_SALESFORCE, 0) and manager is None:
            raise ValueError(f"{person.name}: the chosen manager is not in the roster")
        if manager is not None and manager.pk != person.pk:
            person.manager = manager
            person.save(update_fields=["manager"])
