"""manage.py attainment prints every active person's figures from the engine."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("attainment", *args, stdout=out)
    return out.getvalue()


def test_json_has_one_row_per_person_and_metric_with_decimal_strings(today):
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae", email="ae@example.com")
    OpportunityFactory(
        owner=ae, stage="won", amount=Decimal("1234.56"), close_date=date(2023, 8, 1)
    )
    PersonFactory(role="ae", email="gone@example.com", is_active=False)
    rows = json.loads(run("--quarter", "FY24-Q3", "--format", "json"))
    assert {row["email"] for row in rows} == {"ae@example.com"}
    closed = next(row for row in rows if row["metric"] == "closed_won_acv")
    assert closed == {
        "email": "ae@example.com",
        "role": "ae",
        "metric": "closed_won_acv",
        "value": "1234.56",
        "target": "650000",
        "pace": "475000",
        "attainment": "0.19",
        "below": True,
        "coaching": True,
    }


def test_as_of_moves_d(today):
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("10"), close_date=date(2023, 9, 1))
    csv_text = run("--quarter", "FY24-Q3", "--as-of", "2023-08-31", "--format", "csv")
    assert (
        csv_text.splitlines()[0] == "email,role,metric,value,target,pace,attainment,below,coaching"
    )
    assert f"{ae.email},ae,closed_won_acv,0," in csv_text


def test_bad_quarter_is_a_clear_error():
    with pytest.raises(CommandError, match="not a fiscal quarter"):
        run("--quarter", "2024Q3")
