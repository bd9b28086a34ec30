"""The manager's rating page, and who may read a rating."""

from datetime import date

import pytest

from framework.models import Rating, State
from tests.factories import PersonFactory, login_person

from .pages import FY, ae_with_quota, published_rating, submitted_rating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_fy24(today):
    today(date(2024, 2, 15))


@pytest.fixture
def vp():
    return PersonFactory(role="manager", name="Vera Pike")


@pytest.fixture
def manager(vp):
    return PersonFactory(role="manager", name="Maria Lopez", manager=vp)


def url(person):
    return f"/framework/ratings/{FY}/{person.id}/"


def test_rating_page_shows_the_level_texts_beside_the_form(client, manager):
    ae = ae_with_quota(manager, level="L1")
    login_person(client, manager)
    page = client.get(url(ae)).content.decode()
    assert "Demonstrates a basic understanding of Sourcegraph&#x27;s products" in page
    assert "Proactively seeks mentorship opportunities" in page
    assert 'data-testid="rating-form"' in page


def test_rating_page_shows_quota_attainment_with_its_deals(client, manager):
    ae = ae_with_quota(manager, closed="450000", quota="500000")
    login_person(client, manager)
    page = client.get(url(ae)).content.decode()
    assert 'data-testid="attainment">90%' in page
    assert 'data-testid="band">3' in page
    assert "$450,000" in page and "2023-06-01" in page


def test_manager_saves_and_submits_a_rating(client, manager):
    ae = ae_with_quota(manager)
    login_person(client, manager)
    response = client.post(
        url(ae),
        {
            "action": "submit",
            "role_scope": "exceeding",
            "role_scope_examples": "Closed Acme alone",
            "team_impact": "meeting",
            "team_impact_examples": "Helped an L1",
        },
    )
    assert response.status_code == 302
    rating = Rating.objects.get(person=ae)
    assert (rating.state, rating.role_scope, rating.rated_by) == (
        State.SUBMITTED,
        "exceeding",
        manager,
    )


def test_manager_cannot_rate_outside_their_team(client, manager):
    outsider = ae_with_quota(PersonFactory(role="manager"))
    login_person(client, manager)
    assert client.get(url(outsider)).status_code == 404
    post = client.post(url(outsider), {"action": "save", "role_scope": "meeting"})
    assert post.status_code == 404
    assert not Rating.objects.exists()


def test_manager_cannot_set_the_final_score(client, manager):
    ae = ae_with_quota(manager)
    submitted_rating(ae)
    login_person(client, manager)
    response = client.post(url(ae), {"action": "finalise", "final_score": "3"})
    assert response.status_code == 404
    assert Rating.objects.get().final_score is None


def test_leadership_override_without_rationale_is_refused_on_the_page(client, manager, vp):
    ae = ae_with_quota(manager, closed="450000")  # eligible 3
    submitted_rating(ae)
    login_person(client, vp)
    response = client.post(url(ae), {"action": "finalise", "final_score": "2", "rationale": ""})
    assert response.status_code == 400
    assert "needs a rationale" in response.content.decode()
    assert Rating.objects.get().final_score is None


def test_leadership_cannot_give_a_1_without_both_exceeding(client, manager, vp):
    ae = ae_with_quota(manager, closed="700000")  # 140%, dimensions Meeting
    submitted_rating(ae)
    login_person(client, vp)
    response = client.post(
        url(ae), {"action": "finalise", "final_score": "1", "rationale": "Record year"}
    )
    assert response.status_code == 400
    assert "130%" in response.content.decode()


def test_rep_cannot_read_their_own_draft(client, manager):
    ae = ae_with_quota(manager)
    submitted_rating(ae)
    login_person(client, ae)
    assert client.get(url(ae)).status_code == 404


def test_rep_reads_their_own_published_rating(client, manager):
    ae = ae_with_quota(manager)
    published_rating(ae, final_score=3)
    login_person(client, ae)
    response = client.get(url(ae))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="final">3' in page
    assert 'data-testid="rating-form"' not in page and 'data-testid="history"' not in page


def test_rep_cannot_read_another_reps_published_rating(client, manager):
    ae, colleague = ae_with_quota(manager), ae_with_quota(manager)
    published_rating(colleague)
    login_person(client, ae)
    assert client.get(url(colleague)).status_code == 404


def test_rep_cannot_change_their_own_published_rating(client, manager):
    ae = ae_with_quota(manager)
    published_rating(ae)
    login_person(client, ae)
    response = client.post(url(ae), {"action": "finalise", "final_score": "1"})
    assert response.status_code == 404


def test_history_shows_who_changed_what(client, manager, vp):
    ae = ae_with_quota(manager)
    user = login_person(client, manager)
    submitted_rating(ae, by=user)
    page = client.get(url(ae)).content.decode()
    assert f"{user.get_username()} · state: draft → submitted" in page


def test_markup_in_names_and_examples_shows_as_text(client, manager):
    ae = ae_with_quota(manager, name="<b>Bold</b> Rep")
    rating = submitted_rating(ae)
    rating.role_scope_examples = "<script>alert(1)</script>"
    rating.save()
    login_person(client, manager)
    page = client.get(url(ae)).content.decode()
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; Rep" in page
    assert "<script>alert(1)</script>" not in page


def test_ramp_year_page_says_no_band(client, manager):
    ae = ae_with_quota(manager, ramp_year=FY)
    login_person(client, manager)
    page = client.get(url(ae)).content.decode()
    assert "Ramp year" in page and 'data-testid="band">—' in page
