"""Issue 17 (static half) and 19: under gunicorn with docker-compose.yml's environment
(``PRODUCTION=1``, ``DEBUG=0``) on PostgreSQL, a chart page's CSS and JavaScript load in a real
Chromium: no 404, hashed names, compressed, cached for ever."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from demo import demo
from tests.production import answers, collect_static, free_port, gunicorn, local_environment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.compose,
    pytest.mark.django_db(transaction=True),
]
HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
# The TLS proxy PRODUCTION=1 assumes says the request came over HTTPS (else: redirect).
BEHIND_PROXY = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """``collectstatic`` once, as the Dockerfile does, with the compose environment."""
    folder = tmp_path_factory.mktemp("staticfiles")
    collect_static(local_environment("web", free_port(), folder))
    return folder


@pytest.fixture
def production_web(static_root, tmp_path, today):
    """The demo organisation served by gunicorn with the web service's environment."""
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    port = free_port()
    env = local_environment("web", port, static_root, PACER_TODAY=demo.DEMO_TODAY.isoformat())
    assert (env["PRODUCTION"], env["DEBUG"]) == ("1", "0")
    server = gunicorn(env, tmp_path / "gunicorn.log")
    server.url = f"http://127.0.0.1:{port}"
    yield server
    server.stop()


def sign_in(context, url: str, username: str):
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_chart_page_loads_its_css_and_js_compressed_and_cached(production_web, chromium, capsys):
    context = chromium.new_context(extra_http_headers=BEHIND_PROXY)
    static: list = []
    context.on("response", lambda r: static.append(r) if "/static/" in r.url else None)
    page = sign_in(context, production_web.url, "ae")
    page.wait_for_selector("#chart-bullet-closed_won_acv.js-plotly-plot")
    page.wait_for_load_state("networkidle")
    assert static, "the page loaded no static file"
    failed = [(r.url, r.status) for r in static if r.status != 200]
    assert failed == [], production_web.log()[-3000:]
    for response in static:
        headers = response.all_headers()
        name = response.url.rsplit("/", 1)[1]
        assert HASHED.search(name), f"{name} is not a hashed name"
        assert "immutable" in headers["cache-control"], (name, headers["cache-control"])
        assert int(re.search(r"max-age=(\d+)", headers["cache-control"])[1]) >= 365 * 86400
        # Chromium asks for brotli over HTTPS only: over this plain socket it takes gzip.
        assert headers.get("content-encoding") in ("gzip", "br"), (name, headers)
    sent = sum(r.request.sizes()["responseBodySize"] for r in static)
    with capsys.disabled():
        print(f"\nrep page static files: {len(static)} files, {sent:,} bytes on the wire")
    stylesheet = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert stylesheet and "Times" not in stylesheet
    context.close()


def test_static_files_answer_brotli_when_asked(production_web, chromium):
    page = chromium.new_page(extra_http_headers=BEHIND_PROXY)
    page.goto(f"{production_web.url}/accounts/login/")
    css = page.eval_on_selector("link[rel=stylesheet]", "el => el.href")
    page.close()
    brotli = answers(css, {"Accept-Encoding": "br"} | BEHIND_PROXY)
    plain = answers(css, BEHIND_PROXY)
    assert brotli.status == 200 and brotli.headers["Content-Encoding"] == "br"
    assert len(brotli.body) < len(plain.body)
    missing = answers(f"{production_web.url}/static/css/no-such-file.css", BEHIND_PROXY)
    assert missing.status == 404
