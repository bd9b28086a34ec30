"""Issue 19, sign-in that holds: another user's success never resets the count, the cool-off
is not restarted by attempts during the lockout, and behind the proxy each client is counted
at its own address (and a forged X-Forwarded-For is not believed)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sign_in_limits]
PROXY = "172.20.0.2"


def attempt(client, username, password, address="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_another_users_success_never_resets_the_guesses_against_admin(client):
    """The probe: 4 wrong passwords for admin, then ae logs in from the same address, repeated.
    Today's main never locks (16 guesses); now the fifth guess locks admin."""
    UserFactory(username="admin")
    UserFactory(username="ae")
    statuses = []
    for _ in range(4):
        statuses += [attempt(client, "admin", "wrong").status_code for _ in range(4)]
        assert attempt(client, "ae", PASSWORD).status_code in (302, 429)
        client.logout()
    assert 429 in statuses
    guesses = statuses.index(429) + 1
    assert guesses == 5, f"locked after {guesses} guesses"
    assert attempt(client, "admin", PASSWORD, address="10.9.9.9").status_code == 429


def test_your_own_success_clears_your_own_failures(client):
    UserFactory(username="avery")
    for _ in range(4):
        assert attempt(client, "avery", "wrong").status_code == 200
    assert attempt(client, "avery", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "avery", "wrong").status_code == 200  # a fresh count


def test_attempts_during_the_lockout_do_not_restart_the_cool_off(client, settings):
    UserFactory(username="admin")
    for _ in range(5):
        attempt(client, "admin", "wrong", address="10.6.6.6")
    locked_at = AccessAttempt.objects.get().attempt_time
    # The attacker keeps trying (4 an hour was enough on main): the clock does not move.
    for _ in range(4):
        assert attempt(client, "admin", "wrong", address="10.6.6.6").status_code == 429
    assert AccessAttempt.objects.get().attempt_time == locked_at
    # So the victim gets in once the cool-off since the locking failure has passed.
    expired = locked_at - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=expired)
    assert attempt(client, "admin", PASSWORD, address="10.1.1.1").status_code == 302
    assert timezone.now() - locked_at < settings.AXES_COOLOFF_TIME * 2


def test_behind_the_proxy_each_client_is_counted_at_its_own_address(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(username="jordan")
    for _ in range(5):
        attempt(client, "someone", "wrong", address=PROXY, forwarded="203.0.113.7")
    # The guesser is locked out, not the company behind the same proxy.
    assert attempt(client, "jordan", PASSWORD, PROXY, forwarded="203.0.113.7").status_code == 429
    assert attempt(client, "jordan", PASSWORD, PROXY, forwarded="198.51.100.4").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_forged_forwarded_for_is_not_believed(client, settings):
    """From an address that is not a trusted proxy, X-Forwarded-For is ignored; through the
    proxy, only the entry the proxy appended (the right-most) counts."""
    settings.TRUSTED_PROXIES = [PROXY]
    for index in range(5):
        attempt(client, "someone", "wrong", address="10.0.0.9", forwarded=f"1.2.3.{index}")
        attempt(client, "other", "wrong", PROXY, forwarded=f"9.9.9.{index}, 203.0.113.8")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"10.0.0.9", "203.0.113.8"}


def test_without_trusted_proxies_the_proxy_address_is_the_client(client, settings):
    settings.TRUSTED_PROXIES = []
    attempt(client, "someone", "wrong", address=PROXY, forwarded="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == PROXY
