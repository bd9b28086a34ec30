"""/api/v1/schema/ and the browsable docs, served from our own static files."""

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_the_error_shape(as_role):
    schema = as_role("ae").get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/attainment/" in schema["paths"]
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {
        "status",
        "code",
        "message",
        "fields",
    }


def test_docs_load_swagger_ui_from_static_not_a_cdn(as_role):
    page = as_role("ae").get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_an_unknown_api_url_answers_json(as_role):
    response = as_role("ae").get("/api/v1/nowhere/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
