"""The coaching digests page, and the admin's "recompute now" action.

Neither needs Redis to answer: the page reads the database, and the action says clearly and
at once when the task queue is unreachable.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goals.recompute import RecomputeError, coaching_digests
from goals.tasks import enqueue_recompute
from people.selectors import is_admin


@login_required
def digests(request: HttpRequest) -> HttpResponse:
    """A manager's daily coaching digests (an admin sees every manager's)."""
    person = request.person
    admin = is_admin(request.user, person)
    return render(
        request,
        "reports/digests.html",
        {"digests": coaching_digests(person, everyone=admin), "is_admin": admin},
    )


@login_required
@require_POST
def recompute_now(request: HttpRequest) -> HttpResponse:
    """Queue a recompute of today (admins only); say so plainly when the queue is down."""
    if not is_admin(request.user, request.person):
        raise PermissionDenied
    try:
        enqueue_recompute()
    except RecomputeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Recompute started: the figures refresh when it finishes.")
    return redirect("coaching_digests")
