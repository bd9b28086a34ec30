"""Signing in to the API: a token for scripts, the session (with CSRF) for the browser."""

import pytest
from rest_framework.test import APIClient

from people.models import ApiToken
from tests.factories import PASSWORD, UserFactory, api_key

pytestmark = pytest.mark.django_db


def test_anonymous_call_is_401_in_the_error_shape(db):
    response = APIClient().get("/api/v1/people/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "message": "Authentication credentials were not provided.",
        "fields": {},
    }


def test_a_token_signs_a_script_in_as_its_user(org):
    user = UserFactory(username="script-owner")
    org.manager.user = user
    org.manager.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    emails = {row["email"] for row in client.get("/api/v1/people/").json()["results"]}
    assert emails == {org.manager.email, org.ae.email, org.sdr.email}


def test_a_revoked_token_is_refused(org):
    user = UserFactory()
    key = api_key(user)
    ApiToken.objects.filter(user=user).delete()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/people/").status_code == 401


def _session_client(org) -> APIClient:
    user = UserFactory(username="admin-user")
    org.admin.user = user
    org.admin.save()
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="admin-user", password=PASSWORD)
    return client


def test_a_session_write_without_csrf_token_is_refused(org):
    client = _session_client(org)
    response = client.patch("/api/v1/stage-weights/4/", {"weight": "0.6"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_a_session_write_with_csrf_token_goes_through(org):
    client = _session_client(org)
    client.get("/account/token/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.patch(
        "/api/v1/stage-weights/4/", {"weight": "0.6"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200
