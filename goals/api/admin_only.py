"""The permission of the admins' endpoints (issue 18): the API twin of an admin-only page."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from people.permissions import caller_is_admin


class AdminOnly(BasePermission):
    """Admins only. Anyone else reading gets 404 (as the page: it does not exist for them),
    and writing 403."""

    message = "Only an admin may change this."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if caller_is_admin(request):
            return True
        if request.method in SAFE_METHODS:
            raise NotFound("Not found.")
        return False
