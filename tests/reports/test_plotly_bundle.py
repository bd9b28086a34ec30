"""The vendored cartesian Plotly bundle draws every chart Pacer places, and only pages that
draw a chart load it (deferred, after the page's text)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from demo import demo
from people.models import Person

pytestmark = pytest.mark.django_db

BUNDLE = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly-cartesian.min.js"
SCRIPT = re.compile(r'<script src="[^"]*plotly-cartesian\.min\.js"( defer)?>')


def bundle_traces() -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE.read_text()))


def page_traces(html: str) -> set[str]:
    found = re.search(r'<script id="pacer-figures" type="application/json">(.*?)</script>', html)
    figures = json.loads(found.group(1)) if found else {}
    return {trace.get("type", "scatter") for f in figures.values() for trace in f["data"]}


@pytest.fixture
def demo_client(client, today):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())

    def as_login(username: str):
        client.force_login(Person.objects.get(email=demo.DEMO_LOGINS[username]).user)
        return client

    return as_login


def test_the_bundle_is_the_cartesian_one_with_its_licence():
    assert {"bar", "scatter", "heatmap"} <= bundle_traces()
    assert BUNDLE.stat().st_size < 1_600_000  # the full bundle is 4.8 MB
    assert "MIT" in (BUNDLE.parent / "plotly-cartesian.LICENSE").read_text()
    assert not (BUNDLE.parent / "plotly.min.js").exists()


def test_every_chart_of_the_demo_pages_is_drawn_by_the_bundle(demo_client):
    ae = Person.objects.get(email=demo.DEMO_LOGINS["ae"])
    sdr = Person.objects.get(email=demo.DEMO_LOGINS["sdr"])
    used = set()
    for login, path in [
        ("admin", f"/people/{ae.id}/quarter/"),
        ("admin", f"/people/{sdr.id}/quarter/"),
        ("manager", "/team/"),
        ("admin", "/sdrs/"),
    ]:
        html = demo_client(login).get(path).content.decode()
        assert SCRIPT.search(html).group(1) == " defer", path
        used |= page_traces(html)
    assert {"bar", "heatmap"} <= used
    assert used <= bundle_traces()


def test_a_page_without_charts_does_not_load_plotly(demo_client):
    html = demo_client("admin").get("/overview/").content.decode()
    assert "plotly" not in html
