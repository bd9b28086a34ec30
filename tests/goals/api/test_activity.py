"""/api/v1/opportunities/, /meetings/ and /snapshots/: scoped, filtered, paginated lists."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import Snapshot
from tests.factories import MeetingFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def accounts(response) -> list[str]:
    return [row["account"] for row in response.json()["results"]]


def test_rep_lists_their_own_opportunities(as_role):
    assert accounts(as_role("ae").get("/api/v1/opportunities/")) == ["Acme Corp"]


def test_sdr_lists_the_opportunities_they_sourced(as_role, org):
    rows = as_role("sdr").get("/api/v1/opportunities/").json()["results"]
    assert [(row["sourced_by"], row["amount"]) for row in rows] == [(org.sdr.id, "1000.00")]


def test_filters_by_stage_type_and_close_date(as_role, org):
    OpportunityFactory(owner=org.ae, account="Open One", stage="3", close_date=date(2023, 11, 5))
    OpportunityFactory(
        owner=org.ae, account="Upsell", stage="3", type="expansion", close_date=date(2023, 11, 6)
    )
    client = as_role("ae")
    url = "/api/v1/opportunities/?stage=3&type=new_business&close_date_after=2023-11-01"
    assert accounts(client.get(url)) == ["Open One"]
    assert accounts(client.get("/api/v1/opportunities/?close_date_before=2023-09-01")) == [
        "Acme Corp"
    ]


def test_filter_by_a_foreign_owner_finds_nothing(as_role, org):
    response = as_role("manager").get(f"/api/v1/opportunities/?owner={org.outsider_ae.id}")
    assert response.json()["count"] == 0


def test_opportunities_are_paginated(as_role, org):
    for n in range(3):
        OpportunityFactory(owner=org.ae, amount=Decimal(n))
    body = as_role("ae").get("/api/v1/opportunities/?page_size=2&page=2").json()
    assert (body["count"], len(body["results"]), body["next"]) == (4, 2, None)


def test_meetings_filter_by_type_and_date(as_role, org):
    MeetingFactory(sdr=org.sdr, type="EBC", date=date(2023, 9, 1))
    client = as_role("sdr")
    rows = client.get("/api/v1/meetings/?type=ebc&date_after=2023-09-01").json()["results"]
    assert [(row["type"], row["date"]) for row in rows] == [("EBC", "2023-09-01")]


def test_snapshot_history_of_one_person_and_metric(as_role, org):
    Snapshot.objects.create(
        person=org.ae, metric_id="closed_won_acv", date=date(2023, 9, 2), value=Decimal("2.5")
    )
    url = f"/api/v1/snapshots/?person={org.ae.id}&metric=closed_won_acv"
    rows = as_role("manager").get(url).json()["results"]
    assert [(row["date"], row["value"]) for row in rows] == [
        ("2023-09-01", "1.0000"),
        ("2023-09-02", "2.5000"),
    ]


def test_a_fractional_id_filter_is_a_field_error(as_role):
    response = as_role("ae").get("/api/v1/opportunities/?owner=1.5")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["owner"]
