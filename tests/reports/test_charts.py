"""Chart functions: engine results in, Plotly figures (plain data) out, with words and escaped
names; every figure is one Plotly's own schema accepts."""

import json
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from goals import rules
from goals.calendar import FiscalQuarter
from reports import charts

Q3 = FiscalQuarter(2024, 3)
CLOSED_WON = rules.MetricDef("closed_won_acv", "YTD Closed Won ACV", "currency", "ytd", "ae")
SAOS = rules.MetricDef("saos", "SAOs", "count", "qtd", "sdr")


def closed_won(value="162500"):
    return rules.Figure(
        "closed_won_acv", Decimal(value), Decimal(650000), Decimal(475000), Decimal(25)
    )


def test_bullet_chart_draws_value_target_and_pace():
    figure = charts.bullet_chart(closed_won(), CLOSED_WON)
    value, target, pace = figure["data"]
    assert (value["x"][0], target["x"][0], pace["x"][0]) == (162500, 650000, 475000)


def test_bullet_chart_says_its_figures_in_words():
    title = charts.bullet_chart(closed_won(), CLOSED_WON)["layout"]["title"]["text"]
    assert title == ("YTD Closed Won ACV: $162,500 of $650,000 target (25%), pace today $475,000")


def test_pace_line_runs_from_last_quarters_target_to_this_ones():
    # FY24-Q3 closed won: from Q2's 300,000 on day 1 of 92 to 650,000 on the last day.
    line = charts.pace_line(CLOSED_WON, Q3, Decimal(650000), Decimal(300000))
    assert line[0][0] == date(2023, 8, 1) and line[-1] == (date(2023, 10, 31), Decimal(650000))
    assert line[0][1] == Decimal(300000) + Decimal(350000) / 92


def test_trend_chart_plots_snapshots_then_today():
    points = [
        charts.TrendPoint(date(2023, 9, 1), Decimal(3), Decimal(12), Decimal(4)),
        charts.TrendPoint(date(2023, 9, 15), Decimal(5), Decimal(12), Decimal(6)),
    ]
    figure = charts.trend_chart(SAOS, points, [])
    assert figure["data"][0]["x"] == ["2023-09-01", "2023-09-15"]
    assert figure["data"][0]["y"] == [3, 5]
    assert "2 days recorded, 5 on 2023-09-15" in figure["layout"]["title"]["text"]


def test_markup_in_a_deal_name_is_escaped_in_the_chart():
    row = rules.CountedRow(
        1, "Acme", "4", Decimal(1000), Decimal("0.5"), Decimal(500), date(2023, 9, 1)
    )
    figure = charts.pipeline_chart(
        [row], {1: "<img src=x onerror=alert(1)>"}, total=Decimal(500), count=1
    )
    assert figure["layout"]["yaxis"]["ticktext"] == ["&lt;img src=x onerror=alert(1)&gt;"]
    assert "<img" not in json.dumps(figure)


def test_markup_in_a_person_name_is_escaped_in_the_heatmap():
    person = rules.PersonFacts(1, "x@example.com", "<b>Bold</b>", "ae")
    result = rules.PersonQuarter(person, Q3, date(2023, 9, 15), (closed_won(),))
    figure = charts.heatmap([result], {"closed_won_acv": CLOSED_WON})
    assert figure["data"][0]["y"] == ["&lt;b&gt;Bold&lt;/b&gt;"]


def test_coverage_chart_compares_with_the_three_times_minimum():
    ahead = rules.LookAhead(
        Decimal(500000), Decimal(650000), Decimal(300000), Decimal(150000), Decimal(2)
    )
    title = charts.coverage_chart(ahead)["layout"]["title"]["text"]
    assert title == (
        "Pipeline coverage: 2.0× ($300,000 open for $150,000 still needed), below the 3× minimum"
    )


def test_monthly_chart_shows_each_months_attainment():
    months = [
        rules.MonthAttainment(date(2023, 7, 1), 6, Decimal(12)),
        rules.MonthAttainment(date(2023, 8, 1), 2, Decimal(12)),
    ]
    figure = charts.monthly_attainment_chart(months, Decimal(100))
    assert figure["data"][0]["y"] == [150, 50]
    assert figure["layout"]["title"]["text"] == "Six-month rolling attainment: 100% over 2 months"


def test_relayout_merges_like_update_layout():
    def chart():
        figure = go.Figure(go.Bar(x=[1], y=[""]))
        figure.add_vline(x=2)  # a shape already in the layout must stay
        return figure

    updates = ({"margin": {"t": 60, "l": 10}}, {"title": {"text": "t"}, "margin": {"t": 20}})
    expected = chart().update_layout(updates[0]).update_layout(updates[1])
    merged = charts.relayout(chart().to_plotly_json(), *updates)
    assert go.Figure(merged).to_dict() == expected.to_dict()


def test_relayout_keeps_nested_keys_it_does_not_name():
    figure = charts.relayout({"data": []}, charts.BASE_LAYOUT, {"xaxis": {"range": [0, 1]}})
    assert figure["layout"]["xaxis"] == {"automargin": True, "range": [0, 1]}


def test_pipeline_chart_says_how_many_of_its_deals_it_draws():
    rows = [
        rules.CountedRow(i, "Acme", "4", Decimal(1000), Decimal("0.5"), Decimal(500), None)
        for i in range(15)
    ]
    figure = charts.pipeline_chart(rows, {}, total=Decimal(10500), count=21)
    assert figure["layout"]["title"]["text"] == (
        "Weighted pipeline: $10,500 over 21 open opportunities (largest 15 shown)"
    )


def test_money_leaves_as_numbers_plotly_can_draw():
    # A Decimal would reach the page as a string, which plotly.js reads as a category.
    figure = charts.bullet_chart(closed_won("162500.25"), CLOSED_WON)
    assert json.loads(json.dumps(figure))["data"][0]["x"] == [162500.25]


def every_chart() -> dict[str, dict]:
    person = rules.PersonFacts(1, "x@example.com", "<b>Bold</b>", "ae")
    result = rules.PersonQuarter(person, Q3, date(2023, 9, 15), (closed_won(),))
    ahead = rules.LookAhead(
        Decimal(500000), Decimal(650000), Decimal(300000), Decimal(150000), Decimal(2)
    )
    row = rules.CountedRow(1, "Acme", "4", Decimal(1000), Decimal("0.5"), Decimal(500), None)
    months = [rules.MonthAttainment(date(2023, 8, 1), 2, Decimal(12))]
    points = [charts.TrendPoint(date(2023, 9, 1), Decimal(3), Decimal(12), Decimal(4))]
    pace = charts.pace_line(CLOSED_WON, Q3, Decimal(650000), Decimal(300000))
    total = rules.TeamTotal("saos", Decimal(10), Decimal(12), 1)
    return {
        "bullet": charts.bullet_chart(closed_won(), CLOSED_WON),
        "trend": charts.trend_chart(CLOSED_WON, points, pace),
        "pipeline": charts.pipeline_chart([row], {1: "Deal"}, total=Decimal(500), count=1),
        "projection": charts.projection_chart(ahead, Decimal(162500)),
        "coverage": charts.coverage_chart(ahead),
        "monthly": charts.monthly_attainment_chart(months, Decimal(50)),
        "heatmap": charts.heatmap([result], {"closed_won_acv": CLOSED_WON}),
        "leaderboard": charts.leaderboard_chart([result], CLOSED_WON),
        "segments": charts.segment_chart({"outbound": [total]}, {"outbound": "Outbound"}),
    }


@pytest.mark.parametrize("name", list(every_chart()))
def test_chart_is_a_figure_plotly_accepts(name):
    figure = json.loads(json.dumps(every_chart()[name]))
    # go.Figure validates every property name and value against Plotly's schema.
    drawn = go.Figure(figure).to_plotly_json()
    assert len(drawn["data"]) == len(figure["data"]) and drawn["layout"]["title"]["text"]
