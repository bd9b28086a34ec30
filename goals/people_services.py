"""The roster on Pacer's pages: add, change and deactivate people. Each change is in the audit
trail with before and after by django-auditlog (``people.person`` is a tracked model); the
service names the acting user with ``goals.audit.acting_as``."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from people.models import Person, Role
from people.selectors import team_ids

from .audit import acting_as

PERSON_FIELDS = (
    "name",
    "email",
    "role",
    "sdr_segment",
    "level",
    "manager",
    "start_date",
    "ramp_year",
    "is_active",
)


class PersonError(ValueError):
    """A roster change the rules refuse, with a message for the admin."""


def segment_problem(role: str, segment: str) -> str | None:
    """Why a role and SDR segment do not go together (RULES.md: segments are SDRs'), or None."""
    if role == Role.SDR and not segment:
        return "an SDR needs a segment (Outbound, Inbound or VC/BOD Program Lead)"
    if role != Role.SDR and segment:
        return "only an SDR has a segment"
    return None


def check_person(person: Person) -> None:
    """Refuse a person the rules cannot measure: a segment is an SDR's alone, a manager is
    nobody's own report."""
    problem = segment_problem(person.role, person.sdr_segment)
    if problem:
        raise PersonError(problem)
    if person.manager_id is None or person.pk is None:
        return
    if person.manager_id == person.pk or person.manager_id in team_ids(person):
        raise PersonError("a person cannot report to themselves or to their own report")


@transaction.atomic
def person_save(*, person: Person, values: Mapping[str, object], user) -> Person:
    """Create ``person`` (no pk yet) or change it to ``values``; audited."""
    for name, value in values.items():
        if name not in PERSON_FIELDS:
            raise PersonError(f"{name} is not a field of the roster")
        setattr(person, name, value)
    check_person(person)
    with acting_as(user):
        person.save()
    return person


def person_deactivate(*, person: Person, user) -> Person:
    """Take ``person`` off the roster (their history stays; nobody is deleted)."""
    return person_save(person=person, values={"is_active": False}, user=user)
