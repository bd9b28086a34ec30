"""A small team the messy files name, and a helper importing a file through the real path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from goals.models import Meeting, Opportunity
from imports.services import import_file
from people.models import Person
from tests.factories import PersonFactory

FILES = Path(__file__).parent / "files"


@pytest.fixture
def team(db):
    return {
        "avery": PersonFactory(name="Avery Stone", email="avery@example.com"),
        "chloe": PersonFactory(name="Chloé Dubois", email="chloe@example.com"),
        "bjorn": PersonFactory(name="Björn Müller", email="bjorn@example.com"),
        "sam": PersonFactory(
            name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound"
        ),
    }


def load(name: str, kind: str = "opportunities", **options):
    """Import ``files/<name>`` and return the ImportRun."""
    return import_file(kind, FILES / name, **options)


def database_state() -> tuple:
    """Counts and a checksum of every imported record: equal before and after = unchanged."""
    digest = hashlib.sha256()
    for model in (Opportunity, Meeting, Person):
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return (
        Opportunity.objects.count(),
        Meeting.objects.count(),
        Person.objects.count(),
        digest.hexdigest(),
    )


def opportunity(external_id: str) -> Opportunity:
    from goals.salesforce import to_18_char_id

    return Opportunity.objects.get(external_id=to_18_char_id(external_id))


# The API tests' org and signed-in clients, shared with tests/goals/api.
from tests.goals.api.conftest import as_role, org  # noqa: E402, F401
