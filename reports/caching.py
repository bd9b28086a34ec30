"""Issue 19: personal pages, API answers and exports are never kept by a shared cache or the
browser's disk cache (``Cache-Control: private, no-store``)."""

from __future__ import annotations

from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """Marks every answer to a signed-in user, and every API answer, private and no-store."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith("/api/"):
            patch_cache_control(response, private=True, no_store=True)
        return response
