"""The rep's quarter page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OpportunityFactory, PersonFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


def test_rep_lands_on_their_quarter_with_each_metric(client):
    ae = PersonFactory(role="ae", name="Avery Stone")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    login_person(client, ae)
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/people/{ae.id}/quarter/"
    assert "FY24-Q3" in page and "YTD Closed Won ACV" in page
    assert "$162,500" in page and "25%" in page and "$475,000" in page


def test_quarter_selector_shows_an_earlier_quarter(client):
    ae = PersonFactory(role="ae")
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/?quarter=FY24-Q1").content.decode()
    assert "figures as of <strong>2023-04-30</strong>" in page


def test_a_future_quarter_says_it_has_not_started(client):
    ae = PersonFactory(role="ae")
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/?quarter=FY25-Q1").content.decode()
    assert "has not started yet" in page


def test_nonsense_quarter_is_404(client):
    ae = PersonFactory(role="ae")
    login_person(client, ae)
    assert client.get(f"/people/{ae.id}/quarter/?quarter=soon").status_code == 404


def test_manager_opens_someone_in_their_tree_but_not_outside_it(client):
    manager = PersonFactory(role="manager")
    lead = PersonFactory(role="manager", manager=manager)
    rep = PersonFactory(role="ae", manager=lead)
    outsider = PersonFactory(role="ae")
    login_person(client, manager)
    assert client.get(f"/people/{rep.id}/quarter/").status_code == 200
    assert client.get(f"/people/{outsider.id}/quarter/").status_code == 404


def test_rep_cannot_open_a_colleague(client):
    ae, colleague = PersonFactory(role="ae"), PersonFactory(role="ae")
    login_person(client, ae)
    assert client.get(f"/people/{colleague.id}/quarter/").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client):
    ae = PersonFactory(role="ae")
    response = client.get(f"/people/{ae.id}/quarter/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_markup_in_a_name_shows_as_text(client):
    ae = PersonFactory(role="ae", name="<script>alert(1)</script>")
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _page_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/people/{person.id}/quarter/").status_code == 200
    return len(context.captured_queries)


def test_rep_page_queries_do_not_grow_with_the_org(client):
    manager = PersonFactory(role="manager")
    ae = PersonFactory(role="ae", manager=manager)
    login_person(client, manager)
    for _ in range(2):
        OpportunityFactory(owner=PersonFactory(role="ae", manager=manager))
    small = _page_queries(client, ae)
    for _ in range(297):
        OpportunityFactory(owner=PersonFactory(role="ae", manager=manager))
    assert _page_queries(client, ae) == small


# --- dashboards: charts, the rows behind each figure, what is needed ------------------------


def test_page_states_what_is_needed_to_reach_each_target(client):
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    OpportunityFactory(owner=ae, stage="4", amount=Decimal("100000"))
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    # 650,000 − 162,500; 1,000,000 − 100,000 × 50%; 24 − 0 SAOs; 6 − 1 new logo closed
    assert (
        "To be on target: $487,500 more closed won, $950,000 more weighted pipeline, "
        "24 more new-logo SAOs, 5 more new logos closed." in page
    )


def test_page_lists_the_deals_behind_the_weighted_pipeline(client):
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, name="Acme expansion", stage="4", amount=Decimal("120000.50"))
    login_person(client, ae)
    response = client.get(f"/people/{ae.id}/quarter/")
    deals = response.context["page"].deals["weighted_pipeline"].listed
    assert [(d.name, d.row.weight, d.row.weighted_amount) for d in deals] == [
        ("Acme expansion", Decimal("0.5000"), Decimal("60000.25000000"))
    ]
    assert "Stage 4" in response.content.decode() and "$60,000.25" in response.content.decode()


def test_page_passes_each_chart_as_json(client):
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    login_person(client, ae)
    response = client.get(f"/people/{ae.id}/quarter/")
    figures = response.context["figures_json"]
    assert figures["bullet-closed_won_acv"]["data"][0]["x"] == [162500.0]
    assert {"projection", "coverage", "trend-weighted_pipeline"} <= set(figures)
    assert '<script id="pacer-figures" type="application/json">' in response.content.decode()


def test_trend_reads_snapshots_and_ends_with_todays_live_figure(client):
    from goals.models import Snapshot

    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    Snapshot.objects.create(
        person=ae, metric_id="closed_won_acv", date=date(2023, 9, 1), value=Decimal(100000)
    )
    Snapshot.objects.create(
        person=ae, metric_id="closed_won_acv", date=date(2023, 7, 31), value=Decimal(1)
    )  # FY24-Q2: not this quarter's trend
    login_person(client, ae)
    trend = client.get(f"/people/{ae.id}/quarter/").context["figures_json"]
    line = trend["trend-closed_won_acv"]["data"][0]
    assert line["x"] == ["2023-09-01", "2023-09-15"] and line["y"] == [100000.0, 162500.0]


def test_sdr_page_lists_counted_meetings_and_rolling_months(client):
    from tests.factories import MeetingFactory

    sdr = PersonFactory(role="sdr", sdr_segment="outbound", start_date=date(2022, 1, 1))
    MeetingFactory(sdr=sdr, date=date(2023, 8, 10), account="Counted Co")
    MeetingFactory(sdr=sdr, date=date(2023, 8, 11), took_place=False, account="No Show Co")
    OpportunityFactory(sourced_by=sdr, sao_date=date(2023, 8, 5), name="Sourced deal")
    login_person(client, sdr)
    response = client.get(f"/people/{sdr.id}/quarter/")
    page = response.content.decode()
    assert "Counted Co" in page and "No Show Co" not in page and "Sourced deal" in page
    months = response.context["figures_json"]["rolling"]["data"][0]
    # One SAO in August against 12 ÷ 3 a month: 25%; no SAO in Mar–Jul.
    assert months["y"] == [0.0, 0.0, 0.0, 0.0, 0.0, 25.0]


def test_ae_page_queries_do_not_grow_with_their_deals(client):
    ae = PersonFactory(role="ae")
    login_person(client, ae)
    OpportunityFactory(owner=ae, stage="won", close_date=date(2023, 8, 2))
    small = _page_queries(client, ae)
    for stage in ["1", "2", "3", "4", "5", "6", "won", "lost"] * 6:
        OpportunityFactory(owner=ae, stage=stage, close_date=date(2023, 8, 2))
    assert _page_queries(client, ae) == small


def test_sdr_page_queries_do_not_grow_with_their_meetings(client):
    from tests.factories import MeetingFactory

    sdr = PersonFactory(role="sdr", sdr_segment="outbound")
    login_person(client, sdr)
    MeetingFactory(sdr=sdr)
    OpportunityFactory(sourced_by=sdr, sao_date=date(2023, 8, 5))
    small = _page_queries(client, sdr)
    for _ in range(30):
        MeetingFactory(sdr=sdr)
        OpportunityFactory(sourced_by=sdr, sao_date=date(2023, 8, 5))
    assert _page_queries(client, sdr) == small


def test_a_long_list_of_deals_is_capped_with_links_to_all_of_them(client):
    ae = PersonFactory(role="ae")
    OpportunityFactory.create_batch(26, owner=ae, stage="2")
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert "The first 25 by date are listed" in page and "download all 26 as CSV" in page
    assert f'href="/people/{ae.id}/quarter/deals/weighted_pipeline/?quarter=FY24-Q3">' in page
    assert page.count('<td data-label="Stage">Stage 2</td>') == 25


def test_the_page_lists_the_earliest_deals_and_the_csv_has_every_one(client):
    ae = PersonFactory(role="ae")
    for day in range(1, 31):
        OpportunityFactory(
            owner=ae, name=f"Deal {day:02}", stage="won", close_date=date(2023, 8, day)
        )
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    listed = client.get(f"/people/{ae.id}/quarter/").context["page"].deals["closed_won_acv"]
    assert (listed.count, [d.name for d in listed.listed][:2]) == (30, ["Deal 01", "Deal 02"])
    assert "Deal 25" in page and "Deal 26" not in page
    csv = client.get(f"/people/{ae.id}/quarter/rows.csv").content.decode()
    assert all(f"Deal {day:02}" in csv for day in range(1, 31))


def test_pipeline_chart_draws_the_largest_weighted_deals_of_all(client):
    ae = PersonFactory(role="ae")
    for number in range(30):
        # The latest-closing deals are the largest: none of them is among the 25 listed.
        OpportunityFactory(
            owner=ae,
            name=f"Deal {number:02}",
            stage="4",
            amount=Decimal(1000 + number),
            close_date=date(2023, 10, 1) + timedelta(days=number),
        )
    login_person(client, ae)
    response = client.get(f"/people/{ae.id}/quarter/")
    chart = response.context["figures_json"]["pipeline"]
    assert chart["layout"]["yaxis"]["ticktext"][-3:] == ["Deal 27", "Deal 28", "Deal 29"]
    assert response.context["charts"][-1].caption == (
        "Weighted pipeline: $15,217.50 over 30 open opportunities (largest 15 shown)"
    )


# --- every deal behind a figure, page by page -----------------------------------------------


def _deals_page(client, ae, metric="closed_won_acv", query=""):
    return client.get(f"/people/{ae.id}/quarter/deals/{metric}/{query}")


def test_deals_pages_list_every_deal_behind_a_figure_in_date_order(client):
    ae = PersonFactory(role="ae")
    for number in range(150):
        OpportunityFactory(
            owner=ae,
            name=f"Deal {number:03}",
            stage="won",
            close_date=date(2023, 2, 1) + timedelta(days=number),
        )
    login_person(client, ae)
    first = _deals_page(client, ae).content.decode()
    second = _deals_page(client, ae, query="?quarter=FY24-Q3&page=2").content.decode()
    assert "150 opportunities counted" in first and "1–100 shown" in first
    assert "Deal 000" in first and "Deal 099" in first and "Deal 100" not in first
    assert "Deal 100" in second and "Deal 149" in second and "101–150 shown" in second
    assert "Page 2 of 2" in second and 'rel="next"' not in second


def test_deals_page_beyond_the_last_or_for_an_unknown_metric_is_404(client):
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", close_date=date(2023, 8, 2))
    login_person(client, ae)
    assert _deals_page(client, ae, query="?page=2").status_code == 404
    assert _deals_page(client, ae, query="?page=0").status_code == 404
    assert _deals_page(client, ae, query="?page=x").status_code == 404
    assert _deals_page(client, ae, metric="nonsense").status_code == 404
    assert _deals_page(client, ae, metric="open_by_quarter_end").status_code == 404  # no figure
    assert _deals_page(client, ae, metric="saos").status_code == 404  # an SDR's metric
    assert _deals_page(client, ae).status_code == 200


def test_deals_page_of_a_figure_with_nothing_counted_says_so(client):
    ae = PersonFactory(role="ae")
    login_person(client, ae)
    page = _deals_page(client, ae, metric="new_logos_closed").content.decode()
    assert "0 opportunities counted" in page and "Nothing counts yet." in page


def test_colleague_cannot_open_a_reps_deals(client):
    ae, colleague = PersonFactory(role="ae"), PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", close_date=date(2023, 8, 2))
    login_person(client, colleague)
    assert _deals_page(client, ae).status_code == 404


def test_markup_in_a_deal_name_shows_as_text(client):
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="2", name="<b>Big</b> & co", account="<i>Acme</i>")
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert "<b>Big</b>" not in page and "<i>Acme</i>" not in page
    assert "&lt;b&gt;Big&lt;/b&gt; &amp; co" in page and "&lt;i&gt;Acme&lt;/i&gt;" in page


def test_rep_page_figures_are_the_team_pages_figures(client):
    from goals.calendar import FiscalQuarter
    from goals.selectors import quarter_results
    from reports.selectors import person_page

    ae = PersonFactory(role="ae")
    for number, stage in enumerate(["1", "3", "4", "6", "won", "won", "lost"] * 3):
        OpportunityFactory(
            owner=ae,
            stage=stage,
            type="new_business" if number % 2 else "expansion",
            account=f"Account {number % 4}",
            amount=Decimal("1234.56") * (number + 1),
            close_date=date(2023, 7, 1) + timedelta(days=9 * number),
            sao_date=date(2023, 3, 1) + timedelta(days=11 * number),
        )
    quarter = FiscalQuarter.containing(date(2023, 9, 15))
    page = person_page(ae, quarter)
    assert page.result.figures[0].value > 0
    assert page.result == quarter_results([ae], quarter)[0]
