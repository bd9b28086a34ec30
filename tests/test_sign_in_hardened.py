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
    expired = locked_at - settings.AXES_COOLOFF_BASE - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=expired)
    assert attempt(client, "admin", PASSWORD, address="10.1.1.1").status_code == 302
    assert timezone.now() - locked_at < settings.AXES_COOLOFF_BASE * 2


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


# --- a rising cool-off against an attacker who re-locks a user every cool-off ---------------


def pass_time(minutes: int) -> None:
    """Move every stored sign-in moment ``minutes`` into the past (time passes)."""
    from axes.models import AccessAttemptExpiration
    from django.db.models import F

    from people.models import SignInLockout

    delta = timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - delta)
    SignInLockout.objects.update(locked_until=F("locked_until") - delta)


def lock(client, username="admin", address="10.6.6.6"):
    statuses = [attempt(client, username, "wrong", address=address).status_code for _ in range(5)]
    assert statuses[-1] == 429, statuses


def gets_in(client, username="admin") -> bool:
    status = attempt(client, username, PASSWORD, address="10.1.1.1").status_code
    client.logout()
    return status == 302


def test_the_second_lockout_in_a_row_is_longer_than_the_first(client):
    """On main every lockout lasted 15 minutes, so 5 guesses each 15 minutes kept a user out
    for ever at 20 guesses an hour; now the 2nd lockout lasts 30 minutes, the 3rd 60."""
    UserFactory(username="admin")
    lock(client)
    pass_time(16)  # the first lockout (15 minutes) is over ...
    lock(client)  # ... and the attacker locks again at once
    pass_time(16)
    assert not gets_in(client), "the 2nd lockout ended after the 1st one's 15 minutes"
    pass_time(15)
    assert gets_in(client), "the 2nd lockout held longer than 30 minutes"


def test_the_lockout_page_says_when_to_try_again(client):
    UserFactory(username="admin")
    lock(client)
    pass_time(16)
    lock(client)
    page = attempt(client, "admin", PASSWORD, address="10.1.1.1")
    assert page.status_code == 429
    text = page.content.decode()
    assert "Try again after" in text and "in about 30 minutes" in text


def test_the_cool_off_doubles_up_to_its_cap(settings):
    from reports.sign_in import rising_cool_off

    base, cap = settings.AXES_COOLOFF_BASE, settings.AXES_COOLOFF_MAX
    assert [rising_cool_off(n) for n in (1, 2, 3)] == [base, base * 2, base * 4]
    assert rising_cool_off(1000) == cap


def test_the_users_own_log_in_resets_the_rising_cool_off(client):
    UserFactory(username="admin")
    lock(client)
    pass_time(16)
    lock(client)
    pass_time(31)
    assert gets_in(client)
    lock(client)  # a fresh start: 15 minutes again
    pass_time(16)
    assert gets_in(client)


def test_an_address_lockout_does_not_raise_anothers_cool_off(client):
    from people.models import SignInLockout

    UserFactory(username="jordan")
    lock(client, "somebody-else", address="10.7.7.7")
    assert attempt(client, "jordan", "wrong", address="10.7.7.7").status_code == 429
    assert list(SignInLockout.objects.values_list("username", "count")) == [("somebody-else", 1)]
