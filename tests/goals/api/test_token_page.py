"""/account/token/: a user creates, replaces and revokes their own API token."""

import pytest

from people.models import ApiToken, token_digest
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_create_shows_the_key_once(client, user):
    page = client.post("/account/token/", {"action": "create"}).content.decode()
    key = page.split('data-testid="new-key"')[1].split("<code>")[1].split("</code>")[0]
    assert ApiToken.objects.get(user=user).digest == token_digest(key)
    assert key not in client.get("/account/token/").content.decode()


def test_replace_makes_a_new_key(client, user):
    client.post("/account/token/", {"action": "create"})
    first = ApiToken.objects.get(user=user).digest
    client.post("/account/token/", {"action": "create"})
    assert ApiToken.objects.get(user=user).digest != first


def test_revoke_deletes_the_token(client, user):
    client.post("/account/token/", {"action": "create"})
    page = client.post("/account/token/", {"action": "revoke"}).content.decode()
    assert not ApiToken.objects.filter(user=user).exists()
    assert "You have no token." in page


def test_revoking_touches_only_ones_own_token(client, user):
    other = api_key(UserFactory())
    client.post("/account/token/", {"action": "revoke"})
    assert ApiToken.objects.filter(digest=token_digest(other)).exists()


def test_the_page_needs_a_login(client):
    assert client.get("/account/token/").status_code == 302
