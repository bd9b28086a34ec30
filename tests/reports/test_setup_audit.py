"""Stage aliases and currency rates, changed on the imports set-up page the overview links to:
each change is in the audit trail with before, after and who (issue 18); a stage outside
1-6/won/lost is refused."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from goals.models import StageAlias
from imports.models import CurrencyRate
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    login_person(client, PersonFactory(role="admin", email="ops@pacer.example"))
    return client


def events(model):
    kind = ContentType.objects.get_for_model(model)
    return list(LogEntry.objects.filter(content_type=kind).order_by("id"))


def test_a_stage_alias_change_has_before_after_and_who(admin):
    admin.post("/imports/setup/", {"action": "stage", "name": "Discovery", "stage": "2"})
    admin.post("/imports/setup/", {"action": "stage", "name": "discovery", "stage": "3"})
    created, changed = events(StageAlias)
    assert created.action == LogEntry.Action.CREATE
    assert changed.changes_dict["stage"] == ["2", "3"]
    assert changed.actor.username == "ops@pacer.example"
    alias = StageAlias.objects.get()
    admin.post("/imports/setup/", {"action": "delete-stage", "id": alias.pk})
    assert events(StageAlias)[-1].action == LogEntry.Action.DELETE


def test_a_stage_outside_the_rules_is_refused(admin):
    response = admin.post(
        "/imports/setup/", {"action": "stage", "name": "Discovery", "stage": "7"}, follow=True
    )
    assert "choose 1-6, won or lost" in response.content.decode()
    assert not StageAlias.objects.exists() and not events(StageAlias)


def test_a_currency_rate_change_has_before_after_and_who(admin):
    admin.post("/imports/setup/", {"action": "rate", "currency": "eur", "rate": "1.10"})
    admin.post("/imports/setup/", {"action": "rate", "currency": "EUR", "rate": "1,08"})
    assert CurrencyRate.objects.get().rate == Decimal("1.08")
    _created, changed = events(CurrencyRate)
    assert [Decimal(v) for v in changed.changes_dict["rate"]] == [Decimal("1.10"), Decimal("1.08")]
    assert changed.actor.username == "ops@pacer.example"
