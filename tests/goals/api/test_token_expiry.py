"""Issue 19: API tokens are stored hashed, expire and are revoked by a password change."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import ApiToken, token_digest
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db


def calls_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/metrics/").status_code


def every_stored_value() -> str:
    """Every column of every row of every table, as text: what a copy of the database holds."""
    with connection.cursor() as cursor:
        chunks = []
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.append(repr(cursor.fetchall()))
    return "\n".join(chunks)


def test_a_fresh_token_works():
    assert calls_with(api_key(UserFactory())) == 200


def test_the_database_holds_no_usable_key(client):
    """A copy of the database signs nobody in: the key is nowhere in it, only its SHA-256.
    (On main, DRF's ``authtoken_token.key`` held every key in clear.)"""
    user = UserFactory()
    client.force_login(user)
    page = client.post("/account/token/", {"action": "create"}).content.decode()
    key = page.split('data-testid="new-key"')[1].split("<code>")[1].split("</code>")[0]
    assert calls_with(key) == 200
    stored = every_stored_value()
    assert key not in stored
    assert token_digest(key) in stored
    assert calls_with(token_digest(key)) == 401, "the stored digest is not itself a key"


def test_a_wrong_key_is_refused():
    key = api_key(UserFactory())
    assert calls_with(key[:-1] + ("0" if key[-1] != "0" else "1")) == 401


def test_a_token_older_than_the_maximum_age_is_refused(settings):
    user = UserFactory()
    key = api_key(user)
    old = timezone.now() - timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS, seconds=1)
    ApiToken.objects.filter(user=user).update(created=old)
    assert calls_with(key) == 401


def test_a_password_change_revokes_the_token():
    user = UserFactory()
    key = api_key(user)
    user.set_password("a-new-long-password-2026")
    user.save()
    assert not ApiToken.objects.filter(user=user).exists()
    assert calls_with(key) == 401


def test_saving_a_user_without_a_new_password_keeps_the_token():
    user = UserFactory()
    key = api_key(user)
    user.first_name = "Avery"
    user.save()
    assert calls_with(key) == 200


def test_api_keys_are_not_readable_in_the_django_admin(client):
    key = api_key(UserFactory())
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert client.get("/admin/people/apitoken/").status_code == 404
    assert key not in client.get("/admin/").content.decode()


def test_the_migration_hashes_the_clear_keys_and_deletes_them(settings):
    """An existing DRF token keeps working after the upgrade, its age kept, its clear key gone."""
    user = UserFactory()
    key, created = "a" * 40, timezone.now() - timedelta(days=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp "
            "with time zone, user_id integer)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, created, user.pk])
    migration = importlib.import_module("people.migrations.0002_api_tokens_hashed")
    migration.hash_clear_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
    assert ApiToken.objects.get(user=user).created == created
    assert calls_with(key) == 200
