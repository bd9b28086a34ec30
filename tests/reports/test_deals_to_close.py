"""A rep's deals to close this quarter, the past-due flag on the rep and team pages, and the
coaching status in words (issue 17). FY24-Q3 as of 2023-09-15, elapsed 1/2."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import CoachingStatus
from tests.factories import OpportunityFactory, PersonFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


def deal(owner, name, amount, close, stage="3", **kwargs):
    return OpportunityFactory(
        owner=owner, name=name, stage=stage, amount=Decimal(amount), close_date=close, **kwargs
    )


@pytest.fixture
def ae():
    ae = PersonFactory(role="ae", name="Avery Stone")
    deal(ae, "Old", "70600", date(2023, 5, 17), stage="1")
    deal(ae, "August", "59500", date(2023, 8, 17))
    deal(ae, "Late Sept", "55500", date(2023, 9, 30), stage="6", external_id="0060000000ZZZZZAAA")
    deal(ae, "Next quarter", "99000", date(2023, 11, 2))  # closes after Q3: not listed
    deal(ae, "Won", "10000", date(2023, 8, 2), stage="won")
    return ae


def rows(page: str) -> list[str]:
    table = page.split('data-testid="rows-to-close"')[1].split("</table>")[0]
    return [name.strip() for name in re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', table)]


def test_the_rep_page_lists_the_open_deals_closing_this_quarter(client, ae):
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert "3 open deals, $185,600, close by the quarter" in page
    assert rows(page) == ["Old", "August", "Late Sept"]  # close date, earliest first


def test_past_due_deals_are_counted_and_flagged(client, ae):
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    # 70,600 + 59,500: open, closing before 2023-09-15
    assert "2 deals, $130,100, have a close date in the past" in page
    assert page.count("</span> past due</span>") == 2


@pytest.mark.parametrize(
    "sort, order",
    [
        ("amount", ["Old", "August", "Late Sept"]),
        ("weighted", ["Late Sept", "August", "Old"]),  # 49,950 · 11,900 · 0
        ("stage", ["Late Sept", "August", "Old"]),
        ("close_date", ["Old", "August", "Late Sept"]),
    ],
)
def test_the_deals_sort_by_the_query_parameter(client, ae, sort, order):
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/?sort={sort}").content.decode()
    assert rows(page) == order
    assert f'<strong aria-current="true">{sort.replace("_", " ")}' in page


def test_deals_link_to_salesforce_when_the_instance_is_set(client, ae, settings):
    login_person(client, ae)
    assert "my.salesforce.com" not in client.get(f"/people/{ae.id}/quarter/").content.decode()
    settings.SALESFORCE_INSTANCE_URL = "https://acme.my.salesforce.com"
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert 'href="https://acme.my.salesforce.com/0060000000ZZZZZAAA"' in page


def test_a_past_quarter_has_no_list_of_deals_to_close(client, ae):
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/?quarter=FY24-Q2").content.decode()
    assert 'data-testid="deals-to-close"' not in page


def test_the_rep_page_leads_with_the_pace_basis(client, ae):
    # Closed won 10,000 vs pace 475,000; pipeline 70,600×0 + 59,500×0.2 + 55,500×0.9 + 99,000
    # ×0.2 = 81,650 vs 1,000,000; no SAO date: 0 logos in pipe vs 20; 1 logo closed vs 3.
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    sentence = re.search(r'data-testid="coaching-sentence">(.*?)</p>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", sentence).replace("&#x27;", "'").strip()
    assert text == (
        "⚑ Behind pace on closed won ($465,000 short of today's pace), weighted pipeline "
        "($918,350 short of today's pace), new-logo SAOs (20 short) and new logos closed "
        "(2 short) — coaching flag."
    )
    assert "Full-target basis: at target on 0 of 4" in page


def test_the_team_page_flags_past_due_deals(client, ae):
    manager = PersonFactory(role="manager")
    ae.manager = manager
    ae.save()
    login_person(client, manager)
    page = client.get("/team/").content.decode()
    assert "2 open deals, $130,100, have a close date in the past" in page
    assert '<td class="num" data-label="Past due" data-sort="130100' in page


def test_the_coaching_list_says_why_and_for_how_long(client, ae):
    manager = PersonFactory(role="manager")
    ae.manager = manager
    ae.save()
    for day, on in [(12, False), (13, True), (14, True)]:
        CoachingStatus.objects.create(
            person=ae, date=date(2023, 9, day), on_target=True, on_pace=on
        )
    login_person(client, manager)
    page = client.get("/team/").content.decode()
    item = re.search(
        r'<ul class="coaching-list" data-testid="coaching-pace">(.*?)</ul>', page, re.S
    )
    assert "Avery Stone</a>: " in item.group(1)
    assert "new logos closed (2 short) — coaching flag on for 3 days (since Sep 13)." in item.group(
        1
    )


def _team_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/team/").status_code == 200
    return len(context.captured_queries)


def test_the_team_page_queries_do_not_grow_with_flags_and_deals(client):
    manager = PersonFactory(role="manager")
    login_person(client, manager)
    first = PersonFactory(role="ae", manager=manager)
    deal(first, "Due", "1000", date(2023, 9, 1))
    small = _team_queries(client)
    for n in range(30):
        rep = PersonFactory(role="ae", manager=manager)
        deal(rep, f"Due {n}", "1000", date(2023, 9, 1))
        CoachingStatus.objects.create(
            person=rep, date=date(2023, 9, 14), on_target=True, on_pace=True
        )
    assert _team_queries(client) == small


def test_each_deal_to_close_links_its_timeline(client, ae):
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert 'href="/deals/0060000000ZZZZZAAA/history/" class="timeline-link"' in page
    table = page.split('data-testid="rows-to-close"')[1].split("</table>")[0]
    assert table.count('class="timeline-link"') == 3  # August, Late Sept, Old


def test_each_deal_to_close_links_to_its_history(client, ae):
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    table = page.split('data-testid="rows-to-close"')[1].split("</table>")[0]
    ids = ae.opportunities.filter(stage__in="123456").values_list("external_id", flat=True)
    assert re.findall(r'href="/deals/([^/]+)/history/"', table)
    assert set(re.findall(r'href="/deals/([^/]+)/history/"', table)) <= set(ids)


def test_markup_in_a_deal_is_shown_as_text_in_both_tables(client, ae, settings):
    settings.SALESFORCE_INSTANCE_URL = "https://acme.my.salesforce.com"
    name, account = '<img src=x onerror="alert(1)">', "Tom & Jerry's <b>"
    deal(ae, name, "5000", date(2023, 9, 20), account=account, external_id="006'\"<x>")
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert "<img" not in page and "<b>" not in page
    table = page.split('data-testid="rows-to-close"')[1].split("</table>")[0]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in table
    assert "<td data-label=\"Account\">Tom &amp; Jerry&#x27;s &lt;b&gt;</td>" in table
    # the Salesforce and history links carry the id escaped, not as markup
    assert 'href="https://acme.my.salesforce.com/006&#x27;&quot;&lt;x&gt;"' in table
    assert 'href="/deals/006&#x27;%22%3Cx%3E/history/"' in table
    pipeline = page.split('data-testid="rows-weighted_pipeline"')[1].split("</table>")[0]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in pipeline
