"""One engine: /api/v1/attainment/ shows the figures of `manage.py attainment` and of the rep
page, for every person of the demo organisation as of the demo day."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from goals import demo
from goals.models import Metric, Person
from reports.templatetags.pacer import figure, percent

from .conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_api(today):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    admin = Person.objects.get(email=demo.DEMO_LOGINS["admin"])
    client = api_client(admin)
    return client.get("/api/v1/attainment/?quarter=FY24-Q3").json()


def _cli_rows() -> list[dict]:
    out = StringIO()
    call_command("attainment", "--quarter", "FY24-Q3", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_api_rows_equal_the_attainment_command(demo_api):
    keys = ("email", "role", "metric", "value", "target", "pace", "attainment", "below")
    api_rows = [
        {k: row[k] for k in keys} | {"coaching": row["coaching_on_target"]}
        for row in demo_api["results"]
    ]
    assert demo_api["as_of"] == "2023-09-15"
    assert len(api_rows) > 80  # every active AE (4 metrics) and SDR (3)
    assert api_rows == _cli_rows()


def _page_cells(client, person_id: int) -> dict[str, list[str]]:
    page = client.get(f"/people/{person_id}/quarter/?quarter=FY24-Q3").content.decode()
    cells = {}
    for metric, row in re.findall(r'<tr data-metric="(\w+)">(.*?)</tr>', page, re.S):
        cells[metric] = re.findall(r'<td class="num[^"]*">(.*?)</td>', row)
    flag = "Coaching flag raised" in page
    pace_flag = "On pace basis: flag raised" in page
    return cells, flag, pace_flag


def test_api_figures_equal_each_rep_page(demo_api, client):
    units = dict(Metric.objects.values_list("code", "unit"))
    admin = Person.objects.get(email=demo.DEMO_LOGINS["admin"])
    client.force_login(admin.user)
    by_person: dict[int, list[dict]] = {}
    for row in demo_api["results"]:
        by_person.setdefault(row["person"], []).append(row)
    for person_id, rows in by_person.items():
        cells, flag, pace_flag = _page_cells(client, person_id)

        def shown(value, unit):
            return figure(None if value is None else Decimal(value), unit)

        expected = {
            row["metric"]: [
                shown(row["value"], units[row["metric"]]),
                shown(row["target"], units[row["metric"]]),
                percent(None if row["attainment"] is None else Decimal(row["attainment"])),
                shown(row["pace"], units[row["metric"]]),
            ]
            for row in rows
        }
        assert cells == expected, person_id
        assert (flag, pace_flag) == (rows[0]["coaching_on_target"], rows[0]["coaching_on_pace"])
