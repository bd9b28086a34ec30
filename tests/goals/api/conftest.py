"""An org with two trees: the caller's side and an outsider's, every outsider row marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from goals.models import Snapshot, TargetOverride
from people.models import Person
from tests.factories import MeetingFactory, OpportunityFactory, PersonFactory, UserFactory

# Every row outside the caller's scope carries this text (or OUTSIDER_FIGURE), so a response
# that shows any of it has leaked.
OUTSIDER = "Outsider"
OUTSIDER_FIGURE = "97531.86"


@dataclass
class Org:
    admin: Person
    manager: Person
    ae: Person
    sdr: Person
    outsider_manager: Person
    outsider_ae: Person
    outsider_sdr: Person

    def by_role(self, role: str) -> Person:
        return getattr(self, role)

    @property
    def outsiders(self) -> list[Person]:
        return [self.outsider_manager, self.outsider_ae, self.outsider_sdr]


def _person(name: str, email: str, role: str, **extra) -> Person:
    return PersonFactory(name=name, email=email, role=role, **extra)


@pytest.fixture
def org(db) -> Org:
    admin = _person("Ada Admin", "admin@pacer.example", "admin")
    manager = _person("Maria Lopez", "maria@pacer.example", "manager")
    ae = _person("Avery Stone", "avery@pacer.example", "ae", manager=manager)
    sdr = _person("Sam Rivera", "sam@pacer.example", "sdr", sdr_segment="outbound", manager=manager)
    boss = _person(f"{OUTSIDER} Boss", "boss@outsider.example", "manager")
    other_ae = _person(f"{OUTSIDER} Closer", "closer@outsider.example", "ae", manager=boss)
    other_sdr = _person(
        f"{OUTSIDER} Setter",
        "setter@outsider.example",
        "sdr",
        sdr_segment="inbound",
        manager=boss,
    )
    for owner, sourcer, account in ((ae, sdr, "Acme"), (other_ae, other_sdr, OUTSIDER)):
        OpportunityFactory(
            owner=owner,
            sourced_by=sourcer,
            account=f"{account} Corp",
            stage="won",
            amount=Decimal("1000.00"),
            close_date=date(2023, 8, 10),
            sao_date=date(2023, 8, 1),
        )
        MeetingFactory(sdr=sourcer, account=f"{account} Corp")
    for person in (ae, other_ae):
        figure = Decimal(OUTSIDER_FIGURE) if person is other_ae else Decimal("1.00")
        Snapshot.objects.create(
            person=person, metric_id="closed_won_acv", date=date(2023, 9, 1), value=figure
        )
        TargetOverride.objects.create(
            person=person,
            fiscal_year=2024,
            quarter=3,
            metric_id="closed_won_acv",
            value=figure,
            reason=f"{OUTSIDER} ramp" if person is other_ae else "ramp",
        )
    return Org(admin, manager, ae, sdr, boss, other_ae, other_sdr)


def api_client(person: Person) -> APIClient:
    """An API client signed in (session) as ``person``."""
    user = UserFactory(username=person.email)
    person.user = user
    person.save(update_fields=["user"])
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def as_role(org):
    """``as_role("manager")``: an API client signed in as that person of the org."""
    return lambda role: api_client(org.by_role(role))
