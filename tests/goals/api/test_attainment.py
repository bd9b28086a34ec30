"""/api/v1/attainment/ and /api/v1/coaching/: the engine's figures, within the caller's scope."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OpportunityFactory, PersonFactory

from .conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


def rows_by_metric(response) -> dict[str, dict]:
    return {row["metric"]: row for row in response.json()["results"]}


def test_closed_won_figures_by_hand(as_role, org):
    # 1,000.00 won in Q3 against the fixture's override of 1.00; pace starts from the role's
    # Q2 target: 300,000 + (1 - 300,000) × 46/92 = 150,000.50.
    response = as_role("ae").get("/api/v1/attainment/?quarter=FY24-Q3")
    body = response.json()
    assert (body["quarter"], body["as_of"], body["basis"]) == ("FY24-Q3", "2023-09-15", "target")
    row = rows_by_metric(response)["closed_won_acv"]
    assert row == {
        "person": org.ae.id,
        "email": org.ae.email,
        "name": "Avery Stone",
        "role": "ae",
        "metric": "closed_won_acv",
        "value": "1000",
        "target": "1",
        "pace": "150000.50",
        "attainment": "100000",
        "below": False,
        "behind_pace": True,
        "coaching_on_target": True,
        "coaching_on_pace": True,
    }


def test_role_target_and_pace_without_override(as_role):
    ae = PersonFactory(role="ae", email="new@pacer.example")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    rows = rows_by_metric(api_client(ae).get("/api/v1/attainment/?quarter=FY24-Q3"))
    assert (rows["closed_won_acv"]["target"], rows["closed_won_acv"]["pace"]) == (
        "650000",
        "475000",
    )
    assert rows["closed_won_acv"]["attainment"] == "25"


def test_manager_gets_each_person_of_their_tree(as_role, org):
    rows = as_role("manager").get("/api/v1/attainment/?quarter=FY24-Q3").json()["results"]
    assert {row["email"] for row in rows} == {org.ae.email, org.sdr.email}


def test_person_by_email(as_role, org):
    url = f"/api/v1/attainment/?quarter=FY24-Q3&person={org.sdr.email}"
    rows = as_role("manager").get(url).json()["results"]
    assert [row["metric"] for row in rows] == [
        "saos",
        "new_business_meetings",
        "rolling_attainment",
    ]


def test_a_person_outside_scope_is_404(as_role, org):
    for ref in (org.outsider_ae.id, org.outsider_ae.email):
        response = as_role("manager").get(f"/api/v1/attainment/?quarter=FY24-Q3&person={ref}")
        assert response.status_code == 404


def test_as_of_moves_d(as_role, org):
    response = as_role("ae").get("/api/v1/attainment/?quarter=FY24-Q3&as_of=2023-08-05")
    assert response.json()["as_of"] == "2023-08-05"
    assert rows_by_metric(response)["closed_won_acv"]["value"] == "0"  # won on 2023-08-10


def test_as_of_outside_the_quarter_is_a_field_error(as_role):
    response = as_role("ae").get("/api/v1/attainment/?quarter=FY24-Q3&as_of=2023-12-01")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["as_of"]


def test_a_future_quarter_has_no_figures(as_role):
    body = as_role("ae").get("/api/v1/attainment/?quarter=FY25-Q1").json()
    assert (body["as_of"], body["results"]) == (None, [])


def test_quarter_is_required(as_role):
    response = as_role("ae").get("/api/v1/attainment/")
    assert response.status_code == 400
    assert response.json()["fields"] == {"quarter": ["This field is required."]}


def test_coaching_list_on_each_basis(as_role, org):
    client = as_role("manager")
    on_target = client.get("/api/v1/coaching/?quarter=FY24-Q3").json()
    assert on_target["basis"] == "target"
    # Mid-quarter, both reps are below two or more end-of-quarter targets.
    assert {row["email"] for row in on_target["results"]} == {org.ae.email, org.sdr.email}
    ae_row = next(row for row in on_target["results"] if row["email"] == org.ae.email)
    assert ae_row["below"] == ["weighted_pipeline", "new_logos_in_pipe", "new_logos_closed"]


def _attainment_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/v1/attainment/?quarter=FY24-Q3").status_code == 200
    return len(context.captured_queries)


def test_attainment_queries_do_not_grow_with_the_team(as_role, org):
    client = as_role("manager")
    small = _attainment_queries(client)
    for _ in range(40):
        OpportunityFactory(owner=PersonFactory(role="ae", manager=org.manager))
        PersonFactory(role="sdr", sdr_segment="inbound", manager=org.manager)
    assert _attainment_queries(client) == small
