"""``request.person``: the signed-in user's Person (or None), looked up once per request."""

from __future__ import annotations

from .models import Person
from .selectors import MEMO, viewer_person


def person_of(request) -> Person | None:
    """The Person of the request's user, looked up once per request and user.

    A DRF request authenticates its own user (a token) after the middleware ran, so the
    person the middleware found is only reused when it belongs to the same user."""
    base = getattr(request, "_request", request)  # a DRF Request wraps Django's
    user = request.user
    found = base.__dict__.get("_pacer_person")
    if found is not None and found[0] is user:
        return found[1]
    person = viewer_person(user)
    base._pacer_person = (user, person)
    return person


class PersonMiddleware:
    """Sets ``request.person`` after authentication; selectors given ``request.user`` reuse it
    (the user loaded for this request carries it), so nothing looks it up twice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = person_of(request)
        if request.user.is_authenticated:
            # This user object lives for this request only (loaded from the session).
            setattr(request.user, MEMO, request.person)
        return self.get_response(request)
