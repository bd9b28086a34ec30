"""One engine: /api/v1/attainment/ shows the figures of `manage.py attainment` and of the rep
page, for every person of the demo organisation as of the demo day."""

import json
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.defaultfilters import floatformat

from demo import demo
from framework import rules as framework_rules
from framework.models import Rating
from framework.templatetags.framework_tags import money as money_tag
from framework.templatetags.framework_tags import score as score_tag
from goals.calendar import FiscalQuarter
from goals.models import Metric
from goals.rows import rounded
from goals.selectors import quarter_results
from okrs import okrs
from okrs.models import KeyResult
from people.models import Person
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
        {k: row[k] for k in keys} | {"coaching": row["coaching_on_pace"]}
        for row in demo_api["results"]
    ]
    # RULES.md: the coaching flag's default basis is pace; the command prints that basis.
    assert demo_api["basis"] == "pace"
    assert demo_api["as_of"] == "2023-09-15"
    assert len(api_rows) > 80  # every active AE (4 metrics) and SDR (3)
    assert api_rows == _cli_rows()


def _page_cells(client, person_id: int) -> dict[str, list[str]]:
    page = client.get(f"/people/{person_id}/quarter/?quarter=FY24-Q3").content.decode()
    cells = {}
    for metric, row in re.findall(r'<tr data-metric="(\w+)">(.*?)</tr>', page, re.S):
        cells[metric] = re.findall(r'<td class="num[^"]*"[^>]*>(.*?)</td>', row)
    # The page leads with the default (pace) basis and gives the full target second.
    sentence = re.search(r'data-testid="coaching-sentence">(.*?)</p>', page, re.S).group(1)
    pace_flag = "— coaching flag" in sentence
    other = re.search(r'data-testid="coaching-other">(.*?)</p>', page, re.S).group(1)
    flag = "would raise a coaching flag on that basis" in other
    return cells, flag, pace_flag, _looking_ahead(page)


def _looking_ahead(page: str) -> str | None:
    """The words of the rep page's "Looking ahead" card, or None without one."""
    found = re.search(r'id="looking-ahead".*?<p>(.*?)</p>', page, re.S)
    return " ".join(found.group(1).split()) if found else None


def _looking_ahead_words(ahead: dict | None) -> str | None:
    """What the rep page says about an AE's look-ahead figures from the API's record."""
    if ahead is None:
        return None
    coverage = None if ahead["pipeline_coverage"] is None else Decimal(ahead["pipeline_coverage"])
    words = f"Open opportunities closing by Oct 31: {money(ahead['open_pipeline'])}."
    if ahead["covered"]:
        words += " The closed-won target is reached: coverage is not needed."
    elif coverage is not None:
        verdict = "meets" if ahead["meets_coverage_minimum"] else "below"
        words += (
            f" Coverage {floatformat(coverage, 1)}× of the {money(ahead['still_needed'])} still"
            f" needed ({verdict} the {ahead['coverage_minimum']}× minimum)."
        )
    return words


def money(value: str) -> str:
    return figure(Decimal(value), "currency")


def test_api_figures_equal_each_rep_page(demo_api, client):
    units = dict(Metric.objects.values_list("code", "unit"))
    admin = Person.objects.get(email=demo.DEMO_LOGINS["admin"])
    client.force_login(admin.user)
    by_person: dict[int, list[dict]] = {}
    for row in demo_api["results"]:
        by_person.setdefault(row["person"], []).append(row)
    look_ahead = {entry["person"]: entry for entry in demo_api["look_ahead"]}
    for person_id, rows in by_person.items():
        cells, flag, pace_flag, looking_ahead = _page_cells(client, person_id)

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
        assert looking_ahead == _looking_ahead_words(look_ahead.get(person_id)), person_id


def test_api_look_ahead_is_the_engines_for_every_demo_ae(demo_api):
    people = Person.objects.filter(is_active=True).order_by("email")
    engine = {
        result.person.id: result.look_ahead
        for result in quarter_results(people, FiscalQuarter(2024, 3))
        if result.look_ahead is not None
    }
    api = {entry["person"]: entry for entry in demo_api["look_ahead"]}
    assert set(api) == set(engine) == set(people.filter(role="ae").values_list("id", flat=True))
    names = ("projected_closed_won", "closed_won_target", "projected_attainment",
             "open_pipeline", "still_needed", "pipeline_coverage")  # fmt: skip
    for person_id, ahead in engine.items():
        shown = {name: api[person_id][name] for name in names}
        assert shown == {name: _decimal_string(getattr(ahead, name)) for name in names}
        assert api[person_id]["covered"] == ahead.covered
        assert api[person_id]["meets_coverage_minimum"] == ahead.meets_coverage_minimum
    # The demo has AEs on each side of the 3× minimum, so both verdicts are checked.
    verdicts = {entry["meets_coverage_minimum"] for entry in demo_api["look_ahead"]}
    assert {True, False} <= verdicts


def _decimal_string(value: Decimal | None) -> str | None:
    return None if value is None else str(rounded(value))


def test_api_ratings_show_the_quota_figures_of_the_engine_and_the_rating_page(demo_api, client):
    """Every demo AE rated for FY24 (a $1,000,000 quota each, ``seed_framework_demo``): the
    API's quota figures are the engine's closed_won_acv as of D and match the rating page."""
    call_command("seed_framework_demo", stdout=StringIO())
    aes = list(Person.objects.filter(role="ae", is_active=True).order_by("id"))
    for index, ae in enumerate(aes):
        dims = "exceeding" if index % 2 else "meeting"
        Rating.objects.create(person=ae, fiscal_year=2024, role_scope=dims, team_impact=dims)
    admin = Person.objects.get(email=demo.DEMO_LOGINS["admin"])
    ratings = api_client(admin).get("/api/v1/ratings/?fiscal_year=2024").json()["results"]
    assert sorted(r["person"] for r in ratings) == [ae.id for ae in aes]
    closed_won = {
        row["person"]: row["value"]
        for row in demo_api["results"]
        if row["metric"] == "closed_won_acv"
    }
    client.force_login(admin.user)
    ramping = {ae.id for ae in aes if ae.ramp_year == 2024}
    assert ramping, "the demo has a ramp-year AE, whose rating has no band"
    for rating in ratings:
        closed = Decimal(closed_won[rating["person"]])
        attainment = framework_rules.quota_attainment(closed, Decimal(1_000_000))
        ramp = rating["person"] in ramping
        band = None if ramp else framework_rules.quota_band(attainment)
        both = rating["role_scope"] == "exceeding"
        assert rating["ramp_year"] == ramp
        assert rating["closed_won_acv"] == closed_won[rating["person"]]
        assert rating["annual_quota"] == "1000000"
        assert rating["quota_attainment"] == str(rounded(attainment))
        assert rating["quota_band"] == band
        assert rating["eligible_score"] == (2 if band == 1 and not both else band)
        page = client.get(f"/framework/ratings/2024/{rating['person']}/").content.decode()
        cells = dict(re.findall(r'data-testid="([\w-]+)">([^<]*)<', page))
        assert (cells["closed-won"], cells["attainment"], cells["band"], cells["eligible"]) == (
            money_tag(Decimal(rating["closed_won_acv"])),
            f"{rating['quota_attainment']}%",
            score_tag(rating["quota_band"]),
            score_tag(rating["eligible_score"]),
        )


def test_api_okrs_are_the_engines_and_the_pages_for_the_seed_quarter(demo_api, client):
    """The FY22-Q3 OKRs of seed 002 (loaded by ``seed_demo``), with check-ins on some of
    them: every key result's figures are the engine's, in the page's order."""
    quarter = FiscalQuarter(2022, 3)
    admin = Person.objects.get(email=demo.DEMO_LOGINS["admin"])
    checked = list(KeyResult.objects.filter(fiscal_year=2022, quarter=3).order_by("id"))[::3]
    assert len(checked) >= 5
    for index, key_result in enumerate(checked):
        okrs.record_check_in(
            key_result=key_result,
            author=admin.user,
            day=date(2021, 9, 1 + index),
            confidence=index % 11,
            value=Decimal(index) + Decimal("0.25"),
            done=index % 2 == 0,
        )
    body = api_client(admin).get("/api/v1/okrs/?quarter=FY22-Q3").json()
    engine = okrs.quarter_okrs(quarter)
    shown = [
        (department["name"], kr)
        for department in body["departments"]
        for objective in department["objectives"]
        for kr in objective["key_results"]
    ]
    names = ("current", "target", "stretch", "progress", "stretch_progress", "week_ago", "moved")
    for _, kr in shown:
        status = engine.key_results[kr["id"]]
        assert {name: kr[name] for name in names} == {
            name: _decimal_string(getattr(status, name)) for name in names
        }, kr["code"]
        assert (kr["confidence"], kr["done"], kr["checked_in"]) == (
            status.confidence,
            status.done,
            status.checked_in and status.checked_in.isoformat(),
        )
    assert sum(kr["confidence"] is not None for _, kr in shown) >= len(checked)
    assert len(body["check_ins"]) == len(checked)
    client.force_login(admin.user)
    page = client.get("/okrs/FY22-Q3/").content.decode()
    rows = re.findall(
        r'<tr data-kr-id="(\d+)".*?<td class="num confidence">([^<]*)</td>', page, re.S
    )
    assert rows == [
        (str(kr["id"]), "—" if kr["confidence"] is None else f"{kr['confidence']}/10")
        for _, kr in shown
    ]
