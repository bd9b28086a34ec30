"""Ratings and assessments through the API follow the pages' visibility rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from framework.models import AnnualQuota, CompetencyAssessment, Rating
from tests.factories import OpportunityFactory, PersonFactory
from tests.goals.api.conftest import api_client

from .pages import ae_with_quota, published_rating, submitted_rating

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_a_rep_reads_only_their_own_published_rating():
    rep, colleague = PersonFactory(role="ae"), PersonFactory(role="ae")
    published = Rating.objects.create(person=rep, fiscal_year=2024, state="published")
    draft = Rating.objects.create(person=rep, fiscal_year=2025, state="draft")
    other = Rating.objects.create(person=colleague, fiscal_year=2024, state="published")
    client = api_client(rep)
    assert ids(client.get("/api/v1/ratings/")) == [published.id]
    assert client.get(f"/api/v1/ratings/{draft.id}/").status_code == 404
    assert client.get(f"/api/v1/ratings/{other.id}/").status_code == 404


def test_a_manager_reads_drafts_of_their_team_only():
    manager = PersonFactory(role="manager", manager=PersonFactory(role="manager"))
    mine = Rating.objects.create(person=PersonFactory(role="ae", manager=manager), fiscal_year=2024)
    outside = Rating.objects.create(person=PersonFactory(role="ae"), fiscal_year=2024)
    client = api_client(manager)
    assert ids(client.get("/api/v1/ratings/")) == [mine.id]
    assert client.get(f"/api/v1/ratings/{outside.id}/").status_code == 404


def test_assessments_follow_the_same_rule():
    rep = PersonFactory(role="ae")
    draft = CompetencyAssessment.objects.create(person=rep, fiscal_year=2024, quarter=3)
    published = CompetencyAssessment.objects.create(
        person=rep, fiscal_year=2024, quarter=2, state="published"
    )
    response = api_client(rep).get("/api/v1/competency-assessments/")
    assert ids(response) == [published.id]
    assert response.json()["results"][0]["quarter"] == "FY24-Q2"
    assert draft.id not in ids(response)


# --- the engine's figures beside each rating (framework.rules, never typed) -------------------


@pytest.fixture
def manager(today):
    today(date(2024, 2, 15))  # after FY24: D is its last day
    return PersonFactory(role="manager", manager=PersonFactory(role="manager"))


def rating_json(client, rating) -> dict:
    response = client.get(f"/api/v1/ratings/{rating.id}/")
    assert response.status_code == 200
    return response.json()


def figures(body: dict) -> dict:
    names = ("closed_won_acv", "annual_quota", "quota_attainment", "ramp_year", "quota_band",
             "eligible_score", "final_score", "is_override")  # fmt: skip
    return {name: body[name] for name in names}


def test_a_rating_shows_quota_attainment_band_and_eligible_score(manager):
    ae = ae_with_quota(manager, closed="675000", quota="500000")
    rating = submitted_rating(ae, dims=("exceeding", "exceeding"))
    body = rating_json(api_client(manager), rating)
    # 675,000 ÷ 500,000 = 135 % → band 1, and both dimensions are Exceeding → eligible 1.
    assert figures(body) == {
        "closed_won_acv": "675000",
        "annual_quota": "500000",
        "quota_attainment": "135",
        "ramp_year": False,
        "quota_band": 1,
        "eligible_score": 1,
        "final_score": None,
        "is_override": False,
    }
    assert (body["role_scope"], body["team_impact"]) == ("exceeding", "exceeding")
    assert body["role_scope_examples"] == "Won the Acme POC."


def test_band_1_without_both_dimensions_exceeding_is_eligible_for_2(manager):
    ae = ae_with_quota(manager, closed="700000", quota="500000")
    body = rating_json(api_client(manager), submitted_rating(ae, dims=("exceeding", "meeting")))
    assert (body["quota_attainment"], body["quota_band"], body["eligible_score"]) == ("140", 1, 2)


def test_quota_attainment_is_rounded_like_the_page(manager):
    ae = ae_with_quota(manager, closed="333333.33", quota="1000000")
    body = rating_json(api_client(manager), submitted_rating(ae))
    assert (body["quota_attainment"], body["quota_band"], body["eligible_score"]) == ("33.33", 5, 5)


def test_a_ramp_year_has_no_band_nor_eligible_score(manager):
    ae = ae_with_quota(manager, closed="450000", quota="500000", ramp_year=2024)
    body = rating_json(api_client(manager), submitted_rating(ae))
    assert body["quota_attainment"] == "90"
    assert (body["ramp_year"], body["quota_band"], body["eligible_score"]) == (True, None, None)


def test_without_a_quota_there_is_no_attainment(manager):
    ae = PersonFactory(role="ae", manager=manager)
    rating = Rating.objects.create(person=ae, fiscal_year=2024)
    body = rating_json(api_client(manager), rating)
    assert (body["closed_won_acv"], body["annual_quota"], body["quota_attainment"]) == (
        "0",
        None,
        None,
    )
    assert (body["quota_band"], body["eligible_score"]) == (None, None)
    assert (body["role_scope"], body["team_impact"]) == ("", "")  # not assessed yet


def test_the_rep_reads_leaderships_override_and_rationale_once_published(manager):
    ae = ae_with_quota(manager, closed="450000", quota="500000")
    rating = published_rating(ae, final_score=4, rationale="Missed two quarters in a row.")
    body = rating_json(api_client(ae), rating)
    assert (body["quota_band"], body["eligible_score"], body["final_score"]) == (3, 3, 4)
    assert body["is_override"] is True
    assert body["rationale"] == "Missed two quarters in a row."
    assert body["state"] == "published"


def test_ratings_of_several_fiscal_years_each_use_their_own_year(manager):
    ae = ae_with_quota(manager, closed="450000", quota="500000")
    AnnualQuota.objects.create(person=ae, fiscal_year=2023, amount=Decimal("100000"))
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("150000"), close_date=date(2022, 6, 1))
    Rating.objects.create(person=ae, fiscal_year=2023)
    Rating.objects.create(person=ae, fiscal_year=2024)
    rows = api_client(manager).get("/api/v1/ratings/").json()["results"]
    assert [(r["fiscal_year"], r["closed_won_acv"], r["quota_attainment"]) for r in rows] == [
        (2023, "150000", "150"),
        (2024, "450000", "90"),
    ]


def _ratings_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/ratings/")
    assert response.status_code == 200
    return len(context.captured_queries), response.json()["count"]


def test_the_ratings_list_costs_the_same_queries_for_2_or_30_ratings(manager):
    for _ in range(2):
        submitted_rating(ae_with_quota(manager))
    client = api_client(manager)
    small, count = _ratings_queries(client)
    assert count == 2
    for _ in range(28):
        submitted_rating(ae_with_quota(manager))
    large, count = _ratings_queries(client)
    assert count == 30
    assert large == small
