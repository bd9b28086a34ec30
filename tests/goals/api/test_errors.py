"""Every API error has one shape: status, code, message, and field-level messages."""

import pytest

pytestmark = pytest.mark.django_db


def test_bad_fields_are_named_one_by_one(as_role):
    response = as_role("admin").post(
        "/api/v1/targets/",
        {"quarter": "FY24-Q9", "metric": "nope", "role": "ae", "value": "-1"},
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["status"], body["code"]) == (400, 400, "invalid")
    assert body["message"] == "Invalid input."
    assert set(body["fields"]) == {"quarter", "metric", "value"}


def test_a_body_that_is_not_an_object_is_a_non_field_error(as_role):
    response = as_role("admin").post("/api/v1/targets/", [1, 2], format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["non_field_errors"]


def test_malformed_json_is_a_400_in_the_same_shape(as_role):
    response = as_role("admin").generic(
        "POST", "/api/v1/targets/", "{not json", content_type="application/json"
    )
    body = response.json()
    assert (response.status_code, body["code"], body["fields"]) == (400, "parse_error", {})


def test_a_bad_filter_value_names_the_filter(as_role):
    response = as_role("ae").get("/api/v1/opportunities/?stage=9&close_date_after=someday")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"stage", "close_date"}


def test_a_page_past_the_end_is_404_in_the_same_shape(as_role):
    response = as_role("ae").get("/api/v1/opportunities/?page=99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
