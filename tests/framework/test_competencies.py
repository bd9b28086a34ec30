"""Competency assessments: a four-point score and a comment per competency, per period; a radar
per person; the team's averages; states and permissions."""

from datetime import date

import pytest

from framework.models import Competency, CompetencyAssessment, State
from framework.services import advance_assessment, save_competency_assessment
from goals.calendar import FiscalQuarter
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db

PERIOD = "FY24-Q3"
Q3 = FiscalQuarter(2024, 3)


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


@pytest.fixture
def manager():
    return PersonFactory(role="manager", manager=PersonFactory(role="manager"))


def url(person):
    return f"/framework/competencies/{PERIOD}/{person.id}/"


def competency(name):
    return Competency.objects.get(name=name)


def test_manager_scores_competencies_with_comments(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    login_person(client, manager)
    value_selling = competency("Value Selling")
    response = client.post(
        url(ae),
        {"action": "save", f"score-{value_selling.id}": "3", f"comment-{value_selling.id}": "BVA"},
    )
    assert response.status_code == 302
    rating = CompetencyAssessment.objects.get(person=ae).ratings.get()
    assert (rating.competency, rating.score, rating.comment) == (value_selling, 3, "BVA")


def test_score_outside_the_scale_is_refused(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    login_person(client, manager)
    response = client.post(
        url(ae), {"action": "save", f"score-{competency('High Agency').id}": "5"}
    )
    assert response.status_code == 400
    assert not CompetencyAssessment.objects.exists()


def test_page_lists_every_competency_with_its_behaviours_and_a_radar(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    save_competency_assessment(
        ae, Q3, by=None, assessed_by=manager, scores={competency("High Agency").id: (4, "")}
    )
    login_person(client, manager)
    page = client.get(url(ae)).content.decode()
    assert page.count("data-competency=") == 18
    assert "Holds self accountable to 3x as a minimum" in page
    assert 'id="radar-data"' in page and "Team average" in page


def test_team_averages_per_competency_lowest_first(client, manager):
    high_agency = competency("High Agency").id
    for score in (1, 2):
        ae = PersonFactory(role="ae", manager=manager)
        save_competency_assessment(
            ae, Q3, by=None, assessed_by=manager, scores={high_agency: (score, "")}
        )
    save_competency_assessment(
        ae, Q3, by=None, assessed_by=manager, scores={competency("Value Selling").id: (4, "")}
    )
    login_person(client, manager)
    response = client.get(f"/framework/competencies/{PERIOD}/team/")
    page = response.content.decode()
    assert page.index('data-competency="High Agency"') < page.index(
        'data-competency="Value Selling"'
    )
    assert "1.50" in page and "4.00" in page


def test_rep_cannot_read_their_own_draft_assessment(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    save_competency_assessment(
        ae, Q3, by=None, assessed_by=manager, scores={competency("High Agency").id: (2, "")}
    )
    login_person(client, ae)
    assert client.get(url(ae)).status_code == 404


def test_rep_reads_their_own_published_assessment_without_team_figures(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    assessment = save_competency_assessment(
        ae, Q3, by=None, assessed_by=manager, scores={competency("High Agency").id: (2, "Push")}
    )
    advance_assessment(advance_assessment(assessment, by=None), by=None)
    assert CompetencyAssessment.objects.get().state == State.PUBLISHED
    login_person(client, ae)
    page = client.get(url(ae)).content.decode()
    assert "Developing" in page and "Push" in page and "Team average" not in page


def test_rep_cannot_read_a_colleagues_published_assessment(client, manager):
    ae, colleague = (PersonFactory(role="ae", manager=manager) for _ in range(2))
    assessment = save_competency_assessment(
        colleague, Q3, by=None, assessed_by=manager, scores={competency("High Agency").id: (2, "")}
    )
    advance_assessment(advance_assessment(assessment, by=None), by=None)
    login_person(client, ae)
    assert client.get(url(colleague)).status_code == 404


def test_manager_cannot_assess_outside_their_team(client, manager):
    outsider = PersonFactory(role="ae")
    login_person(client, manager)
    assert client.get(url(outsider)).status_code == 404


def test_nonsense_period_is_404(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    login_person(client, manager)
    assert client.get(f"/framework/competencies/soon/{ae.id}/").status_code == 404


def test_manager_below_leadership_cannot_publish(client, manager):
    ae = PersonFactory(role="ae", manager=manager)
    assessment = save_competency_assessment(
        ae, Q3, by=None, assessed_by=manager, scores={competency("High Agency").id: (2, "")}
    )
    advance_assessment(assessment, by=None)
    login_person(client, manager)
    response = client.post(url(ae), {"action": "advance"})
    assert response.status_code == 400
    assert CompetencyAssessment.objects.get().state == State.SUBMITTED
