"""/api/v1/targets/ and /api/v1/target-overrides/: read by all within scope, written by admins."""

from decimal import Decimal

import pytest

from goals.models import Target, TargetOverride

pytestmark = pytest.mark.django_db


def test_fy24_q3_ae_targets_as_seed_000_sets_them(as_role):
    response = as_role("ae").get("/api/v1/targets/?quarter=FY24-Q3&role=ae")
    values = {row["metric"]: row["value"] for row in response.json()["results"]}
    assert values == {
        "closed_won_acv": "650000.00",
        "weighted_pipeline": "1000000.00",
        "new_logos_in_pipe": "24.00",
        "new_logos_closed": "6.00",
    }
    assert {row["quarter"] for row in response.json()["results"]} == {"FY24-Q3"}


def test_admin_sets_a_q4_target(as_role):
    response = as_role("admin").post(
        "/api/v1/targets/",
        {"quarter": "FY24-Q4", "metric": "closed_won_acv", "role": "ae", "value": "900000"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    target = Target.objects.get(fiscal_year=2024, quarter=4, metric="closed_won_acv", role="ae")
    assert target.value == Decimal("900000")


def test_a_second_target_for_the_same_slot_is_a_400(as_role):
    response = as_role("admin").post(
        "/api/v1/targets/",
        {"quarter": "FY24-Q3", "metric": "closed_won_acv", "role": "ae", "value": "1"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "non_field_errors": ["This quarter already has that target."]
    }


def test_a_quarter_must_be_written_like_fy24_q3(as_role):
    response = as_role("admin").post(
        "/api/v1/targets/",
        {"quarter": "2024Q4", "metric": "closed_won_acv", "role": "ae", "value": "1"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["quarter"] == ["'2024Q4' is not a fiscal quarter like FY24-Q3"]


def test_a_manager_cannot_set_a_target(as_role):
    response = as_role("manager").post(
        "/api/v1/targets/",
        {"quarter": "FY24-Q4", "metric": "closed_won_acv", "role": "ae", "value": "1"},
        format="json",
    )
    assert response.status_code == 403
    assert not Target.objects.filter(fiscal_year=2024, quarter=4, role="ae").exists()


def test_an_ae_metric_cannot_be_an_sdr_target(as_role):
    response = as_role("admin").post(
        "/api/v1/targets/",
        {
            "quarter": "FY24-Q4",
            "metric": "closed_won_acv",
            "role": "sdr",
            "sdr_segment": "outbound",
            "value": "1",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "metric" in response.json()["fields"]


def test_rep_sees_their_own_override_only(as_role, org):
    rows = as_role("ae").get("/api/v1/target-overrides/").json()["results"]
    assert [(row["person"], row["value"]) for row in rows] == [(org.ae.id, "1.00")]


def test_admin_overrides_a_ramping_reps_target(as_role, org):
    response = as_role("admin").post(
        "/api/v1/target-overrides/",
        {
            "person": org.ae.id,
            "quarter": "FY24-Q4",
            "metric": "closed_won_acv",
            "value": "325000.00",
            "reason": "ramping",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    override = TargetOverride.objects.get(person=org.ae, fiscal_year=2024, quarter=4)
    assert override.value == Decimal("325000.00")


def test_an_override_metric_must_be_of_the_persons_role(as_role, org):
    response = as_role("admin").post(
        "/api/v1/target-overrides/",
        {
            "person": org.ae.id,
            "quarter": "FY24-Q4",
            "metric": "saos",
            "value": "3",
            "reason": "ramp",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "metric" in response.json()["fields"]


def test_an_override_changes_the_attainment_figures(as_role, org, today):
    from datetime import date

    today(date(2023, 9, 15))
    client = as_role("admin")
    url = f"/api/v1/attainment/?quarter=FY24-Q3&person={org.ae.id}"
    rows = {row["metric"]: row for row in client.get(url).json()["results"]}
    # The fixture's override: closed_won_acv target 1.00, and 1000.00 won in Q3.
    assert rows["closed_won_acv"]["target"] == "1"
    assert rows["closed_won_acv"]["attainment"] == "100000"
