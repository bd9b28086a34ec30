"""The admins' audit page: the one audit trail (goals' changes and the framework's ratings)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from framework.models import Rating
from goals.audit import acting_as
from goals.models import Stage, TargetOverride
from tests.factories import PersonFactory, UserFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    login_person(client, PersonFactory(name="Ada Admin", role="admin"))
    return client


def change_stage(user, weight: str):
    with acting_as(user):
        stage = Stage.objects.get(number=4)
        stage.weight = Decimal(weight)
        stage.save()


def test_an_admin_sees_who_changed_a_stage_weight_from_what_to_what(admin_client):
    change_stage(UserFactory(username="maria"), "0.5500")
    text = admin_client.get("/audit/").content.decode()
    assert "maria" in text and "Stage weight" in text
    assert "weight: 0.5000 → 0.5500" in text


def test_the_page_shows_the_frameworks_rating_history_too(admin_client):
    rating = Rating.objects.create(
        person=PersonFactory(name="Avery Stone"), fiscal_year=2024, final_score=3
    )
    with acting_as(UserFactory(username="victoria")):
        rating.final_score = 4
        rating.save()
    text = admin_client.get("/audit/").content.decode()
    assert "Rating: Avery Stone FY24" in text
    assert "victoria" in text and "final_score: 3 → 4" in text


def test_markup_in_an_audited_name_shows_as_text(admin_client):
    person = PersonFactory(name="<script>alert(1)</script>")
    TargetOverride.objects.create(
        person=person, fiscal_year=2024, quarter=3, metric_id="closed_won_acv", value=1
    )
    text = admin_client.get("/audit/").content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)" in text


def test_a_rep_is_refused_the_audit_page(client):
    login_person(client, PersonFactory(role="ae"))
    assert client.get("/audit/").status_code == 404  # issue 18: no such page


def test_the_page_takes_the_same_queries_for_few_and_many_events(admin_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/audit/").status_code == 200
        return len(captured)

    user = UserFactory(username="maria")
    change_stage(user, "0.5100")
    few = queries()
    rating = Rating.objects.create(person=PersonFactory(), fiscal_year=2024)
    for weight in range(52, 80):
        change_stage(user, f"0.{weight}00")
        with acting_as(user):
            rating.final_score = 1 + weight % 2
            rating.save()
    assert queries() == few
