"""Who may do what through the API.

Reading is scoped, never refused: each view's queryset holds only what
``people.selectors.visible_people`` lets the caller see, so a foreign id answers 404. Writing is
for admins; on a detail route the scoped lookup runs first, so a foreign id is 404 there too
and only an object the caller can already see may answer 403.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .middleware import person_of
from .selectors import is_admin


def caller_is_admin(request) -> bool:
    """Whether the signed-in user is a Pacer admin (cached on the request)."""
    if not hasattr(request, "_pacer_admin"):
        request._pacer_admin = is_admin(request.user, person_of(request))
    return request._pacer_admin


class AdminWrites(BasePermission):
    """Anyone signed in reads (within scope); only admins create, change or delete."""

    message = "Only an admin may change this."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        # Detail routes defer to the object check, after the scoped lookup's 404.
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        if lookup in view.kwargs:
            return True
        return caller_is_admin(request)

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or caller_is_admin(request)
