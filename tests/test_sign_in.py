"""Sign-in: failed log-ins are limited per user and per address, with a cool-off that ends."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sign_in_limits]


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_five_times(client, username, address="10.0.0.1"):
    statuses = [attempt(client, username, "wrong", address).status_code for _ in range(5)]
    # Four failures show the form again; the fifth locks.
    assert statuses == [200, 200, 200, 200, 429]


def test_right_password_logs_in(client):
    UserFactory(username="avery")
    response = attempt(client, "avery", PASSWORD)
    assert response.status_code == 302


def test_five_failures_lock_the_user_even_with_the_right_password(client):
    UserFactory(username="avery")
    fail_five_times(client, "avery")
    response = attempt(client, "avery", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_five_failures_lock_the_address_for_every_user(client):
    UserFactory(username="jordan")
    fail_five_times(client, "somebody-else")
    assert attempt(client, "jordan", PASSWORD).status_code == 429
    assert attempt(client, "jordan", PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, settings):
    UserFactory(username="avery")
    fail_five_times(client, "avery")
    long_ago = timezone.now() - settings.AXES_COOLOFF_BASE - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert attempt(client, "avery", PASSWORD).status_code == 302


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password1")


def test_pages_send_a_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
