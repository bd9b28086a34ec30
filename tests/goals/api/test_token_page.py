"""/account/token/: a user creates, replaces and revokes their own API token."""

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_create_shows_the_key_once(client, user):
    page = client.post("/account/token/", {"action": "create"}).content.decode()
    key = Token.objects.get(user=user).key
    assert key in page
    assert key not in client.get("/account/token/").content.decode()


def test_replace_makes_a_new_key(client, user):
    client.post("/account/token/", {"action": "create"})
    first = Token.objects.get(user=user).key
    client.post("/account/token/", {"action": "create"})
    assert Token.objects.get(user=user).key != first


def test_revoke_deletes_the_token(client, user):
    client.post("/account/token/", {"action": "create"})
    page = client.post("/account/token/", {"action": "revoke"}).content.decode()
    assert not Token.objects.filter(user=user).exists()
    assert "You have no token." in page


def test_revoking_touches_only_ones_own_token(client, user):
    other = Token.objects.create(user=UserFactory())
    client.post("/account/token/", {"action": "revoke"})
    assert Token.objects.filter(key=other.key).exists()


def test_the_page_needs_a_login(client):
    assert client.get("/account/token/").status_code == 302
