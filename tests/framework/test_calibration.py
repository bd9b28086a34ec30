"""Leadership's calibration page: every rating of a year, the distribution of final scores,
overrides with their rationale, filters, and a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, UserFactory, login_person

from .pages import FY, ae_with_quota, published_rating, submitted_rating

pytestmark = pytest.mark.django_db

URL = f"/framework/calibration/{FY}/"


@pytest.fixture(autouse=True)
def after_fy24(today):
    today(date(2024, 2, 15))


@pytest.fixture
def vp():
    return PersonFactory(role="manager", name="Vera Pike")


def test_top_manager_sees_every_rating_with_eligible_and_final(client, vp):
    maria = PersonFactory(role="manager", name="Maria Lopez", manager=vp)
    ae = ae_with_quota(maria, name="Avery Stone", closed="450000")  # 90% → eligible 3
    published_rating(ae, final_score=2, rationale="Carried the Acme launch")
    login_person(client, vp)
    page = client.get(URL).content.decode()
    assert "Avery Stone" in page and "Maria Lopez" in page
    assert "eligible 3 → final 2. Carried the Acme launch" in page


def test_distribution_counts_final_scores(client, vp):
    for final_score in (3, 3, 4):
        published_rating(
            ae_with_quota(vp, closed="300000"), final_score=final_score, rationale="calibrated"
        )  # 60% → eligible 4
    submitted_rating(ae_with_quota(vp))  # no final score yet
    login_person(client, vp)
    page = client.get(URL).content.decode()
    assert '<span data-score="3">3: 2</span>' in page
    assert '<span data-score="4">4: 1</span>' in page
    assert '<span data-score="1">1: 0</span>' in page
    assert 'id="distribution-data"' in page


def test_filter_by_manager(client, vp):
    maria = PersonFactory(role="manager", name="Maria Lopez", manager=vp)
    sam = PersonFactory(role="manager", name="Sam Ortiz", manager=vp)
    submitted_rating(ae_with_quota(maria, name="Mine Rep"))
    submitted_rating(ae_with_quota(sam, name="Other Rep"))
    login_person(client, vp)
    page = client.get(URL, {"manager": maria.id}).content.decode()
    assert "Mine Rep" in page and "Other Rep" not in page


def test_filter_by_level(client, vp):
    submitted_rating(ae_with_quota(vp, name="Junior Rep", level="L1"))
    submitted_rating(ae_with_quota(vp, name="Senior Rep", level="L5"))
    login_person(client, vp)
    page = client.get(URL, {"level": "L5"}).content.decode()
    assert "Senior Rep" in page and "Junior Rep" not in page


def test_manager_with_a_manager_cannot_calibrate(client, vp):
    maria = PersonFactory(role="manager", manager=vp)
    login_person(client, maria)
    assert client.get(URL).status_code == 404


def test_leadership_setting_lets_a_named_person_calibrate(client, vp, settings):
    director = PersonFactory(role="manager", manager=vp, email="director@example.com")
    settings.PACER_LEADERSHIP_EMAILS = ["director@example.com"]
    login_person(client, director)
    assert client.get(URL).status_code == 200


def test_admin_user_can_calibrate(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(URL).status_code == 200


def test_rep_cannot_calibrate(client, vp):
    ae = ae_with_quota(vp)
    login_person(client, ae)
    assert client.get(URL).status_code == 404


def test_markup_in_a_name_is_escaped_in_the_table_and_the_chart(client, vp):
    ae = ae_with_quota(vp, name="<img src=x onerror=alert(1)>")
    published_rating(ae, final_score=3)
    login_person(client, vp)
    page = client.get(URL).content.decode()
    assert "<img src=x" not in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def _rate(count, managers):
    for index in range(count):
        manager = managers[index % len(managers)]
        published_rating(ae_with_quota(manager, closed="450000"), final_score=2, rationale="x")


def test_calibration_queries_are_the_same_for_5_and_50_ratings(client, vp):
    managers = [PersonFactory(role="manager", manager=vp) for _ in range(3)]
    login_person(client, vp)
    _rate(5, managers)
    small = _queries(client)
    _rate(45, managers)
    assert _queries(client) == small


def test_a_top_manager_calibrates_only_their_own_tree(client):
    from framework.models import Rating
    from tests.factories import PersonFactory, login_person

    head_a, head_b = PersonFactory(role="manager"), PersonFactory(role="manager")
    mine = PersonFactory(role="ae", manager=head_a, name="Rated In Tree A")
    theirs = PersonFactory(role="ae", manager=head_b, name="Rated In Tree B")
    for person in (mine, theirs):
        Rating.objects.create(person=person, fiscal_year=2024)
    login_person(client, head_a)
    page = client.get("/framework/calibration/2024/").content.decode()
    assert "Rated In Tree A" in page and "Rated In Tree B" not in page
