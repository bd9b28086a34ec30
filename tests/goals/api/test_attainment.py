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
    assert (body["quarter"], body["as_of"], body["basis"]) == ("FY24-Q3", "2023-09-15", "pace")
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
    # RULES.md: the default basis is pace; ?basis= picks either one.
    default = client.get("/api/v1/coaching/?quarter=FY24-Q3").json()
    on_pace = client.get("/api/v1/coaching/?quarter=FY24-Q3&basis=pace").json()
    assert default["basis"] == "pace" and default == on_pace
    on_target = client.get("/api/v1/coaching/?quarter=FY24-Q3&basis=target").json()
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


# --- look-ahead (RULES.md: AEs, the live day only) -------------------------------------------


def look_ahead_of(response, person) -> dict:
    return next(row for row in response.json()["look_ahead"] if row["person"] == person.id)


def test_look_ahead_figures_by_hand():
    ae = PersonFactory(role="ae", name="Robin Hand", email="robin@pacer.example")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    OpportunityFactory(owner=ae, stage="4", amount=Decimal("100000"), close_date=date(2023, 10, 15))
    OpportunityFactory(owner=ae, stage="2", amount=Decimal("50000"), close_date=date(2023, 9, 30))
    # Closing after the quarter's end, or lost: neither counts.
    OpportunityFactory(owner=ae, stage="6", amount=Decimal("200000"), close_date=date(2023, 11, 1))
    OpportunityFactory(owner=ae, stage="lost", amount=Decimal("80000"), close_date=date(2023, 9, 1))
    response = api_client(ae).get("/api/v1/attainment/?quarter=FY24-Q3")
    # projection 162,500 + 100,000 × 50% + 50,000 × 10% = 217,500 of 650,000 = 33.46 %;
    # coverage 150,000 open ÷ (650,000 − 162,500) still needed = 0.31×, below the 3× minimum.
    assert response.json()["look_ahead"] == [
        {
            "person": ae.id,
            "email": "robin@pacer.example",
            "name": "Robin Hand",
            "projected_closed_won": "217500",
            "closed_won_target": "650000",
            "projected_attainment": "33.46",
            "open_pipeline": "150000",
            "still_needed": "487500",
            "pipeline_coverage": "0.31",
            "coverage_minimum": "3",
            "covered": False,
            "meets_coverage_minimum": False,
        }
    ]


def test_look_ahead_meets_the_minimum_at_three_times_what_is_still_needed():
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("500000"), close_date=date(2023, 8, 2))
    OpportunityFactory(owner=ae, stage="1", amount=Decimal("450000"), close_date=date(2023, 9, 30))
    ahead = look_ahead_of(api_client(ae).get("/api/v1/attainment/?quarter=FY24-Q3"), ae)
    assert (ahead["still_needed"], ahead["pipeline_coverage"]) == ("150000", "3")
    assert ahead["meets_coverage_minimum"] is True
    assert ahead["projected_closed_won"] == "500000"  # stage 1 weighs 0 %


def test_look_ahead_is_covered_once_the_target_is_reached(as_role, org):
    # The fixture's override makes the closed-won target 1.00 against 1,000.00 won.
    ahead = look_ahead_of(as_role("ae").get("/api/v1/attainment/?quarter=FY24-Q3"), org.ae)
    assert (ahead["covered"], ahead["meets_coverage_minimum"]) == (True, True)
    assert (ahead["still_needed"], ahead["pipeline_coverage"]) == ("0", None)


def test_look_ahead_without_a_closed_won_target_has_no_ratio(today):
    today(date(2023, 11, 15))  # FY24-Q4: an admin has set no AE target yet
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="5", amount=Decimal("40000"), close_date=date(2024, 1, 10))
    ahead = look_ahead_of(api_client(ae).get("/api/v1/attainment/?quarter=FY24-Q4"), ae)
    assert ahead["projected_closed_won"] == "30000"
    assert ahead["open_pipeline"] == "40000"
    for name in ("closed_won_target", "projected_attainment", "still_needed", "pipeline_coverage"):
        assert ahead[name] is None, name
    assert (ahead["covered"], ahead["meets_coverage_minimum"]) == (False, None)


def test_only_aes_have_look_ahead(as_role, org):
    entries = as_role("manager").get("/api/v1/attainment/?quarter=FY24-Q3").json()["look_ahead"]
    assert [entry["person"] for entry in entries] == [org.ae.id]


def test_look_ahead_is_null_for_an_earlier_day_and_a_past_quarter(as_role):
    client = as_role("ae")
    for query in ("quarter=FY24-Q3&as_of=2023-09-14", "quarter=FY24-Q2", "quarter=FY25-Q1"):
        assert client.get(f"/api/v1/attainment/?{query}").json()["look_ahead"] is None, query
