"""Sign-in limits around django-axes (issue 19): the client's own address behind the TLS
proxy, a successful log-in that clears only its own failures, and a cool-off that rises for a
username locked again and again.

axes' ``AXES_RESET_ON_SUCCESS`` deletes every failure matching the username *or* the address,
so any insider's log-in wiped the guesses against ``admin`` from the same address; here a
success clears the failures of that username from that address only.

An attacker who re-locks a user every cool-off (5 guesses each time) would keep them out for
ever at a fixed price; instead each lockout of a username in a row doubles its cool-off
(``AXES_COOLOFF_BASE`` 15 minutes, 30, 60 … up to ``AXES_COOLOFF_MAX``), which also halves the
attacker's guessing rate each time. The user's own successful log-in resets it; so does a
lockout-free ``AXES_COOLOFF_MAX`` after the last one. ``AXES_COOLOFF_TIME`` is ``cool_off``.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from axes.models import AccessAttempt, AccessAttemptExpiration
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from people.models import SignInLockout


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, unless it is one of ``TRUSTED_PROXIES``; then
    the right-most ``X-Forwarded-For`` entry that is not a trusted proxy (entries to its left
    are whatever the client wrote, so they are never believed)."""
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([part for part in forwarded if part]):
        if not _trusted(hop):
            return hop
    return remote


def rising_cool_off(count: int) -> timedelta:
    """The cool-off of a username's ``count``-th lockout in a row: doubled each time, capped."""
    base, cap = settings.AXES_COOLOFF_BASE, settings.AXES_COOLOFF_MAX
    return min(base * 2 ** min(max(count - 1, 0), 30), cap)


def _remembered(username: str | None) -> SignInLockout | None:
    """The username's lockouts in a row, unless a lockout-free ``AXES_COOLOFF_MAX`` passed."""
    if not username:
        return None
    lock = SignInLockout.objects.filter(username=username).first()
    if lock is None or lock.locked_until + settings.AXES_COOLOFF_MAX < timezone.now():
        return None
    return lock


def _username(request: HttpRequest | None) -> str | None:
    if request is None or request.method != "POST":
        return None
    return request.POST.get(settings.AXES_USERNAME_FORM_FIELD) or None


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_TIME``: the cool-off for the username this request signs in as."""
    lock = _remembered(_username(request))
    return rising_cool_off(lock.count if lock else 1)


@receiver(user_locked_out, dispatch_uid="pacer-count-lockouts")
def count_lockout(sender, request, username=None, ip_address=None, **kwargs) -> None:
    """A new lockout of ``username`` (not an attempt during one, not an address lockout)
    counts one more in a row and holds its attempts for the longer cool-off."""
    now = timezone.now()
    lock = _remembered(username)
    if not username or (lock is not None and lock.locked_until > now):
        return
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cool_off())
    failures = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if failures < settings.AXES_FAILURE_LIMIT:
        return  # the address is locked, not this username
    count = lock.count + 1 if lock is not None else 1
    until = now + rising_cool_off(count)
    SignInLockout.objects.update_or_create(
        username=username, defaults={"count": count, "locked_until": until}
    )
    AccessAttemptExpiration.objects.filter(access_attempt__username=username).update(
        expires_at=until
    )


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the lockout page (429), saying when to try again."""
    lock = _remembered(_username(request))
    if lock is not None and lock.locked_until > timezone.now():
        retry_at = lock.locked_until
    else:
        retry_at = timezone.now() + cool_off(request)
    minutes = max(1, math.ceil((retry_at - timezone.now()).total_seconds() / 60))
    context = {"retry_at": retry_at, "minutes": minutes}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)


@receiver(user_logged_in, dispatch_uid="pacer-clear-own-failures")
def clear_own_failures(sender, request, user, **kwargs) -> None:
    """A successful log-in forgets that user's failures from that address (nobody else's),
    and their lockouts in a row."""
    if request is None or not settings.AXES_ENABLED:
        return
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_address(request)
    ).delete()
    SignInLockout.objects.filter(username=user.get_username()).delete()
