"""The one audit trail (issue 13): the reference data and people an admin keeps are audited
too, and a nested author hands the request's author back."""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry

from framework.models import AnnualQuota
from goals.audit import acting_as
from goals.models import Stage
from imports.models import CurrencyRate
from people.models import Person
from reports.audit import audit_line
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_people_rates_and_quotas_are_audited_with_before_and_after():
    admin = UserFactory(username="ada")
    person = PersonFactory(name="Avery Stone")
    with acting_as(admin):
        person.name = "Avery Stone-Lee"
        person.save()
        CurrencyRate.objects.create(currency="EUR", rate=Decimal("1.10"))
        AnnualQuota.objects.create(person=person, fiscal_year=2024, amount=Decimal("900000"))
    lines = [audit_line(entry) for entry in LogEntry.objects.filter(actor=admin).order_by("id")]
    assert [(line.what, line.verb) for line in lines] == [
        ("Person", "changed"),
        ("Currency rate", "created"),
        ("Annual quota", "created"),
    ]
    assert lines[0].changes == [("name", "Avery Stone", "Avery Stone-Lee")]
    assert ("rate", None, "1.10") in lines[1].changes
    assert Person.objects.get() == person


def test_the_outer_author_comes_back_after_a_nested_one():
    outer, inner = UserFactory(username="outer"), UserFactory(username="inner")
    stage = Stage.objects.get(number=2)
    with set_actor(outer):
        with acting_as(inner):
            stage.weight = Decimal("0.2100")
            stage.save()
        stage.weight = Decimal("0.2200")
        stage.save()
    assert [e.actor for e in LogEntry.objects.order_by("id")] == [inner, outer]
