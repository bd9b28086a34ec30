"""Pacer's URL map: auth, the admin, the API, and each app's pages."""

from django.contrib import admin
from django.urls import include, path

from goals.api.account import token_page
from reports import audit, digest_views, health, quota_api, setup_api

urlpatterns = [
    path("health/", health.health, name="health"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("okrs/", include("reports.okr_urls")),
    path("framework/", include("framework.urls")),
    path("digests/", digest_views.digests, name="coaching_digests"),
    path("recompute/", digest_views.recompute_now, name="recompute_now"),
    path("api/v1/", include("framework.api_urls")),
    path("api/v1/quota-uploads/", quota_api.QuotaUploadView.as_view(), name="api-quota-uploads"),
    path("api/v1/overview/", setup_api.OverviewView.as_view(), name="api-overview"),
    path(
        "api/v1/column-mappings/",
        setup_api.ColumnMappingsView.as_view(),
        name="api-column-mappings",
    ),
    path("api/v1/stage-aliases/", setup_api.StageAliasesView.as_view(), name="api-stage-aliases"),
    path(
        "api/v1/currency-rates/", setup_api.CurrencyRatesView.as_view(), name="api-currency-rates"
    ),
    path("audit/", audit.audit, name="audit"),
    path("api/v1/", include("people.api")),
    path("api/v1/", include("okrs.api")),
    path("api/v1/", include("imports.api")),
    path("api/v1/", include("goals.api.urls")),
    path("account/token/", token_page, name="api-token"),
    path("imports/", include("reports.import_urls")),
    path("", include("reports.admin_urls")),
    path("", include("reports.urls")),
]

# An unknown URL under /api/ answers the API's JSON error, not an HTML page.
handler404 = "goals.api.account.not_found"
