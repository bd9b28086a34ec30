"""Sign-in limits around django-axes (issue 19): the client's own address behind the TLS
proxy, and a successful log-in that clears only its own failures.

axes' ``AXES_RESET_ON_SUCCESS`` deletes every failure matching the username *or* the address,
so any insider's log-in wiped the guesses against ``admin`` from the same address; here a
success clears the failures of that username from that address only.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest


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


@receiver(user_logged_in, dispatch_uid="pacer-clear-own-failures")
def clear_own_failures(sender, request, user, **kwargs) -> None:
    """A successful log-in forgets that user's failures from that address, nobody else's."""
    if request is None or not settings.AXES_ENABLED:
        return
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_address(request)
    ).delete()
