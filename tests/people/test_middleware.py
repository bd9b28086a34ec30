"""``request.person``: the viewer's Person is looked up once per request, pages and API alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import PersonFactory, UserFactory, api_key, login_person


def _person_lookups(queries) -> int:
    """Queries that find a Person by its login (what ``viewer_person`` runs)."""
    return sum(
        1 for q in queries if 'FROM "goals_person"' in q["sql"] and '"user_id" =' in q["sql"]
    )


@pytest.mark.parametrize("url", ["/team/", "/sdrs/", "/digests/", "/okrs/", "/framework/"])
def test_a_page_looks_the_viewer_up_once(db, client, today, url):
    today(date(2023, 9, 15))
    manager = PersonFactory(role="manager")
    PersonFactory(role="ae", manager=manager)
    login_person(client, manager)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    assert _person_lookups(context.captured_queries) == 1


def test_an_anonymous_request_looks_nobody_up(db, client):
    with CaptureQueriesContext(connection) as context:
        client.get("/accounts/login/")
    assert _person_lookups(context.captured_queries) == 0


def test_a_token_call_finds_the_token_owner_not_the_anonymous_session(db):
    admin = PersonFactory(role="admin")
    admin.user = UserFactory(username=admin.email)
    admin.save(update_fields=["user"])
    PersonFactory(role="ae")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(admin.user)}")
    with CaptureQueriesContext(connection) as context:
        body = client.get("/api/v1/people/").json()
    # An admin sees everyone: the person found is the token's, looked up once.
    assert body["count"] == 2
    assert _person_lookups(context.captured_queries) == 1


def test_a_user_with_no_person_has_none(db, client):
    client.force_login(UserFactory(username="nobody"))
    response = client.get("/")
    assert response.wsgi_request.person is None
