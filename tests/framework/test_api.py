"""Ratings and assessments through the API follow the pages' visibility rules."""

import pytest

from framework.models import CompetencyAssessment, Rating
from tests.factories import PersonFactory
from tests.goals.api.conftest import api_client

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
