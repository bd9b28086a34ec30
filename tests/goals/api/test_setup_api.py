"""The API twins of the admin overview and its set-up (issue 18): the same data as the page,
the same services and audit trail, admins only."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from goals.models import StageAlias
from imports.models import ColumnMapping, CurrencyRate, ImportRun
from tests.factories import OpportunityFactory, PersonFactory
from tests.goals.api.conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return api_client(PersonFactory(role="admin", email="ops@pacer.example"))


def test_the_overview_twin_has_the_pages_problems_and_company_quarter(admin, today):
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae", name="No Boss")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal(65000), close_date=date(2023, 8, 2))
    ImportRun.objects.create(kind="opportunities", file_name="a.csv", checksum="x", status="done")
    body = admin.get("/api/v1/overview/?quarter=FY24-Q3").json()
    problems = {p["key"]: p for p in body["problems"]}
    assert problems["without-manager"]["count"] == 1
    assert problems["without-manager"]["fixes"][0]["url"] == "/people/"
    ae_line = next(line for line in body["company"] if line["role"] == "ae")
    won = next(t for t in ae_line["totals"] if t["metric"] == "closed_won_acv")
    assert (won["value"], won["target"], won["attainment"]) == ("65000.00", "650000.00", "10.00")
    assert [line["file_name"] for line in body["imports"]] == ["a.csv"]
    assert body["nightly"]["status"] is None and body["nightly"]["next_start"]


def test_stage_aliases_take_only_the_rules_stages_and_are_audited(admin):
    assert (
        admin.post(
            "/api/v1/stage-aliases/", {"name": "Discovery", "stage": "7"}, format="json"
        ).status_code
        == 400
    )
    answer = admin.post(
        "/api/v1/stage-aliases/", {"name": "Discovery", "stage": "won"}, format="json"
    )
    assert answer.status_code == 200 and StageAlias.objects.get().stage == "won"
    event = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(StageAlias))
    assert event.actor.username == "ops@pacer.example"
    assert admin.get("/api/v1/stage-aliases/").json() == [{"name": "Discovery", "stage": "won"}]


def test_currency_rates_and_column_mappings_write_through_the_same_services(admin):
    assert (
        admin.post(
            "/api/v1/currency-rates/", {"currency": "eur", "rate": "1.1"}, format="json"
        ).status_code
        == 200
    )
    assert CurrencyRate.objects.get().currency == "EUR"
    assert (
        admin.post(
            "/api/v1/currency-rates/", {"currency": "EUR", "rate": "0"}, format="json"
        ).status_code
        == 400
    )
    columns = {"kind": "opportunities", "columns": {"stage": "Phase"}}
    assert admin.post("/api/v1/column-mappings/", columns, format="json").status_code == 200
    assert ColumnMapping.objects.get().column == "Phase"
    bad = {"kind": "opportunities", "columns": {"colour": "X"}}
    answer = admin.post("/api/v1/column-mappings/", bad, format="json")
    assert answer.status_code == 400
    assert "no field colour" in str(answer.json()["fields"]["columns"])
    assert admin.get("/api/v1/column-mappings/").json()["opportunities"] == {"stage": "Phase"}


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_anyone_else_reads_404_and_writes_403(role):
    client = api_client(PersonFactory(role=role))
    for url in ("overview", "column-mappings", "stage-aliases", "currency-rates"):
        assert client.get(f"/api/v1/{url}/").status_code == 404
        assert client.post(f"/api/v1/{url}/", {}, format="json").status_code == 403
    assert not StageAlias.objects.exists() and not CurrencyRate.objects.exists()
