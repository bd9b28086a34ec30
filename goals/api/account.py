"""Pages around the API: a user's own token, and JSON 404s for unknown API URLs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.defaults import page_not_found

from people.models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    """Create (or replace) and revoke the signed-in user's own API token.

    The key is shown once, right after it is created (only its SHA-256 is stored); afterwards
    only its creation time.
    """
    new_key = None
    if request.method == "POST":
        ApiToken.objects.filter(user=request.user).delete()
        if request.POST.get("action") == "create":
            new_key = ApiToken.objects.issue(request.user)[1]
    token = ApiToken.objects.filter(user=request.user).first()
    context = {"token": token, "new_key": new_key, "max_age_days": settings.API_TOKEN_MAX_AGE_DAYS}
    return render(request, "api/token.html", context)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The API's error shape under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"status": 404, "code": "not_found", "message": "Not found.", "fields": {}}
        return JsonResponse(body, status=404)
    return page_not_found(request, exception)
