"""Issue 19: API tokens expire and are revoked by a password change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def calls_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/metrics/").status_code


def test_a_fresh_token_works():
    assert calls_with(Token.objects.create(user=UserFactory()).key) == 200


def test_a_token_older_than_the_maximum_age_is_refused(settings):
    token = Token.objects.create(user=UserFactory())
    old = timezone.now() - timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS, seconds=1)
    Token.objects.filter(pk=token.pk).update(created=old)
    assert calls_with(token.key) == 401


def test_a_password_change_revokes_the_token():
    user = UserFactory()
    token = Token.objects.create(user=user)
    user.set_password("a-new-long-password-2026")
    user.save()
    assert not Token.objects.filter(user=user).exists()
    assert calls_with(token.key) == 401


def test_saving_a_user_without_a_new_password_keeps_the_token():
    user = UserFactory()
    token = Token.objects.create(user=user)
    user.first_name = "Avery"
    user.save()
    assert calls_with(token.key) == 200


def test_api_keys_are_not_readable_in_the_django_admin(client):
    token = Token.objects.create(user=UserFactory())
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert token.key not in client.get("/admin/").content.decode()
