"""The framework demo command gives every active AE an FY24 quota, idempotently."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from framework.models import AnnualQuota
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_every_active_ae_gets_one_fy24_quota():
    ae = PersonFactory(role="ae")
    PersonFactory(role="sdr")
    PersonFactory(role="ae", is_active=False)
    call_command("seed_framework_demo", stdout=StringIO())
    call_command("seed_framework_demo", stdout=StringIO())
    assert list(AnnualQuota.objects.values_list("person_id", "fiscal_year", "amount")) == [
        (ae.id, 2024, Decimal("1000000.00"))
    ]
