"""Rating and assessment services: the engine's quota figures, RULES.md's refusals, states
and the history of every change."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from framework import services
from framework.models import AnnualQuota, CompetencyRating, Rating, State
from framework.selectors import quota_deals, rated
from goals.calendar import FiscalQuarter
from tests.factories import OpportunityFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_fy24(today):
    today(date(2024, 2, 15))


@pytest.fixture
def ae():
    person = PersonFactory(role="ae", level="L3")
    AnnualQuota.objects.create(person=person, fiscal_year=2024, amount=Decimal("500000"))
    return person


@pytest.fixture
def leader():
    return UserFactory(username="leader")


def won(owner, amount, close_date):
    return OpportunityFactory(
        owner=owner, stage="won", amount=Decimal(amount), close_date=close_date
    )


def draft(ae, role_scope="exceeding", team_impact="exceeding", by=None):
    return services.assess_rating(
        Rating(person=ae, fiscal_year=2024),
        by=by,
        rated_by=None,
        role_scope=role_scope,
        role_scope_examples="Closed the Acme expansion alone.",
        team_impact=team_impact,
        team_impact_examples="Mentored two L1s.",
    )


def test_quota_attainment_is_fy_closed_won_over_the_annual_quota(ae):
    won(ae, "400000", date(2023, 5, 10))
    won(ae, "250000", date(2024, 1, 31))
    won(ae, "90000", date(2024, 2, 1))  # FY25: not counted
    won(ae, "70000", date(2023, 1, 31))  # FY23: not counted
    figures = rated([Rating(person=ae, fiscal_year=2024)], 2024)[0].figures
    assert figures.closed_won_acv == Decimal("650000")
    assert figures.quota_attainment == Decimal("130")
    assert figures.quota_band == 1


def test_quota_deals_are_the_deals_behind_closed_won(ae):
    counted = [won(ae, "400000", date(2023, 5, 10)), won(ae, "250000", date(2024, 1, 31))]
    won(ae, "90000", date(2024, 2, 1))
    OpportunityFactory(owner=ae, stage="5", amount=Decimal("1000"), close_date=date(2023, 9, 1))
    assert quota_deals(ae, 2024) == counted


def test_mid_year_attainment_is_as_of_today(ae, today):
    today(date(2023, 9, 15))
    won(ae, "200000", date(2023, 9, 1))
    won(ae, "300000", date(2023, 10, 1))  # after D
    figures = rated([Rating(person=ae, fiscal_year=2024)], 2024)[0].figures
    assert figures.quota_attainment == Decimal("40")
    assert figures.quota_band == 4


def test_ramp_year_person_has_no_band(ae):
    ae.ramp_year = 2024
    ae.save()
    won(ae, "650000", date(2023, 5, 10))
    figures = rated([Rating(person=ae, fiscal_year=2024)], 2024)[0].figures
    assert figures.quota_band is None and figures.eligible_score is None


def test_submit_needs_examples_of_impact_on_both_dimensions(ae):
    rating = services.assess_rating(
        Rating(person=ae, fiscal_year=2024),
        by=None,
        rated_by=None,
        role_scope="meeting",
        role_scope_examples="Ran the Q3 POC.",
        team_impact="meeting",
        team_impact_examples="",
    )
    with pytest.raises(ValidationError, match="Team/Cross-Functional Impact"):
        services.submit_rating(rating, by=None)
    assert Rating.objects.get().state == State.DRAFT


def test_final_1_is_refused_without_both_exceeding(ae, leader):
    won(ae, "700000", date(2023, 5, 10))
    rating = services.submit_rating(draft(ae, team_impact="meeting"), by=None)
    with pytest.raises(ValidationError, match="130%"):
        services.set_final_score(rating, by=leader, final_score=1, rationale="Record year")
    assert Rating.objects.get().final_score is None


def test_final_1_stands_with_quota_130_and_both_exceeding(ae, leader):
    won(ae, "650000", date(2023, 5, 10))
    rating = services.submit_rating(draft(ae), by=None)
    services.set_final_score(rating, by=leader, final_score=1, rationale="")
    assert Rating.objects.get().final_score == 1


def test_override_without_rationale_is_refused(ae, leader):
    won(ae, "450000", date(2023, 5, 10))  # 90% → band 3
    rating = services.submit_rating(draft(ae), by=None)
    with pytest.raises(ValidationError, match="rationale"):
        services.set_final_score(rating, by=leader, final_score=2, rationale="  ")
    services.set_final_score(rating, by=leader, final_score=2, rationale="Carried the team")
    assert Rating.objects.get().rationale == "Carried the team"


def test_publish_needs_a_final_score(ae, leader):
    rating = services.submit_rating(draft(ae), by=None)
    with pytest.raises(ValidationError, match="final score"):
        services.publish_rating(rating, by=leader)


def test_draft_cannot_be_published(ae, leader):
    with pytest.raises(ValidationError):
        services.publish_rating(draft(ae), by=leader)


def test_published_rating_is_not_reassessed(ae, leader):
    won(ae, "450000", date(2023, 5, 10))
    rating = services.submit_rating(draft(ae), by=None)
    services.set_final_score(rating, by=leader, final_score=3, rationale="")
    services.publish_rating(rating, by=leader)
    with pytest.raises(ValidationError, match="published"):
        services.assess_rating(
            rating,
            by=leader,
            rated_by=None,
            role_scope="below",
            role_scope_examples="x",
            team_impact="below",
            team_impact_examples="x",
        )


def test_every_change_is_kept_with_who_and_what(ae, leader):
    manager_user = UserFactory(username="manager")
    won(ae, "450000", date(2023, 5, 10))
    rating = draft(ae, role_scope="meeting", by=manager_user)
    services.assess_rating(
        rating,
        by=manager_user,
        rated_by=None,
        role_scope="exceeding",
        role_scope_examples="Closed the Acme expansion alone.",
        team_impact="exceeding",
        team_impact_examples="Mentored two L1s.",
    )
    services.submit_rating(rating, by=manager_user)
    services.set_final_score(rating, by=leader, final_score=2, rationale="Led the POC guild")
    changes = list(LogEntry.objects.get_for_object(rating).order_by("id"))
    assert [c.actor for c in changes] == [manager_user, manager_user, manager_user, leader]
    assert changes[1].changes == {"role_scope": ["meeting", "exceeding"]}
    assert changes[2].changes == {"state": ["draft", "submitted"]}
    assert changes[3].changes == {
        "final_score": [None, 2],
        "rationale": ["", "Led the POC guild"],
    }


def test_competency_assessment_changes_are_kept(ae, leader):
    from framework.models import Competency

    value_selling = Competency.objects.get(name="Value Selling")
    quarter = FiscalQuarter(2024, 3)
    services.save_competency_assessment(
        ae, quarter, by=leader, assessed_by=None, scores={value_selling.id: (2, "Early days")}
    )
    assessment = services.save_competency_assessment(
        ae, quarter, by=leader, assessed_by=None, scores={value_selling.id: (3, "Ran a BVA")}
    )
    scored = CompetencyRating.objects.get(assessment=assessment, competency=value_selling)
    whats = [c.changes for c in LogEntry.objects.get_for_object(scored).order_by("id")]
    assert whats[-1] == {"score": [2, 3], "comment": ["Early days", "Ran a BVA"]}
    assert {c.actor for c in LogEntry.objects.get_for_object(scored)} == {leader}


def test_competency_score_outside_the_four_point_scale_is_refused(ae, leader):
    from framework.models import Competency

    competency = Competency.objects.first()
    with pytest.raises(ValidationError):
        services.save_competency_assessment(
            ae, FiscalQuarter(2024, 3), by=leader, assessed_by=None, scores={competency.id: (5, "")}
        )
