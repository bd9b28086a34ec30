"""The browsable API docs in a real Chromium: Swagger UI from our static files, no CDN, and a
token made on the token page works for a script."""

from urllib.parse import urlparse

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_render_every_endpoint_from_local_assets(page, sign_in, live_server):
    UserFactory(username="reader")
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    sign_in("reader", PASSWORD)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/attainment/" in path for path in paths)
    assert hosts == {urlparse(live_server.url).hostname}


def test_a_token_from_the_token_page_signs_a_script_in(page, sign_in, live_server):
    UserFactory(username="scripter")
    sign_in("scripter", PASSWORD)
    page.goto(f"{live_server.url}/account/token/")
    page.click("button[value=create]")
    key = page.locator("[data-testid=new-key] code").inner_text()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/metrics/").status_code == 200
    page.click("button[value=revoke]")
    assert page.locator("[data-testid=token-state]").inner_text() == "You have no token."
    assert client.get("/api/v1/metrics/").status_code == 401
