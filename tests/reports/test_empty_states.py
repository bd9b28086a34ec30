"""Issue 17: a page with nothing to show says what is missing and what to do next, with a
link to the page where it is done when the viewer may go there."""

from datetime import date

import pytest

from tests.factories import PersonFactory, UserFactory, login_person

pytestmark = pytest.mark.django_db

# FY25-Q4 (Nov 2024 - Jan 2025): the seeded targets stop at FY24, so nothing is published.
NO_TARGETS_DAY = date(2024, 11, 15)


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_rep_with_no_deals_in_a_quarter_without_targets_reads_what_is_missing(client, today):
    today(NO_TARGETS_DAY)
    rep = PersonFactory(role="ae", name="Nina Novak")
    login_person(client, rep)
    page = text(client.get(f"/people/{rep.id}/quarter/"))
    assert "FY25-Q4 has no published target for Nina Novak yet" in page
    assert "An admin publishes each quarter's targets at its start" in page
    # Nothing reached, nothing needed: no sentence may claim otherwise.
    assert "Every target with a figure is reached" not in page
    assert "basis: on pace on 0 of 0" not in page.lower()
    assert "No open deal closes by Jan 31: add the quarter's deals in Salesforce" in page


def test_an_admin_on_that_rep_page_gets_the_link_to_the_targets(client, today):
    today(NO_TARGETS_DAY)
    rep = PersonFactory(role="ae", name="Nina Novak")
    login_person(client, PersonFactory(role="admin"))
    page = text(client.get(f"/people/{rep.id}/quarter/"))
    assert '<a href="/targets/?quarter=FY25-Q4">Set and publish FY25-Q4\'s targets</a>' in page


def test_a_rep_with_targets_does_not_get_the_note(client, today):
    today(date(2023, 9, 15))
    rep = PersonFactory(role="ae")
    login_person(client, rep)
    page = text(client.get(f"/people/{rep.id}/quarter/"))
    assert 'data-testid="no-targets"' not in page
    assert "To be on target:" in page


def test_a_manager_with_no_team_learns_who_adds_reps(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="manager"))
    page = text(client.get("/team/"))
    assert "Nobody reports to you yet" in page
    assert "An admin sets each person's manager on the People page" in page


def test_no_imports_yet_says_what_to_import_first(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="admin"))
    page = text(client.get("/imports/"))
    assert "No imports yet" in page
    assert "Import the team roster first, then an opportunity report export" in page


def test_a_quarter_without_okrs_says_who_adds_them(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="ae"))
    assert "No OKRs for FY24-Q3 yet. An admin adds them" in text(client.get("/okrs/FY24-Q3/"))
    client.logout()
    login_person(client, PersonFactory(role="admin"))
    page = text(client.get("/okrs/FY24-Q3/"))
    assert '<a href="/admin/">the admin</a>' in page and "manage.py load_okr_seed" in page


def test_no_ratings_yet_say_where_they_come_from(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="ae"))
    page = text(client.get("/framework/"))
    assert "No rating or competency assessment has been published for you yet" in page


def test_calibration_with_no_ratings_links_to_where_ratings_start(client, today):
    today(date(2023, 9, 15))
    client.force_login(UserFactory(username="leader", is_superuser=True, is_staff=True))
    page = text(client.get("/framework/calibration/2024/"))
    assert "No FY24 rating has been started yet" in page
    assert 'href="/framework/?fy=2024"' in page
