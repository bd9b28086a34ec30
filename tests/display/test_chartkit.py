"""One chart style: every chart of every app is plain data Plotly's schema accepts, with
names escaped by the one ``label``."""

from datetime import date
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from display import chartkit
from framework import charts as framework_charts
from goals.calendar import FiscalQuarter
from okrs.okrs import QuarterOkrs
from reports import okr_charts
from tests.reports.test_okr_charts import department, status


def test_label_escapes_markup_and_keeps_quotes_plotly_shows_literally():
    assert chartkit.label("<b>\"Tom\" & 'Jo'</b>") == "&lt;b&gt;\"Tom\" &amp; 'Jo'&lt;/b&gt;"


def test_figure_merges_the_layout_over_the_house_style():
    figure = chartkit.figure([chartkit.bar([1], ["a"])], "Title", margin={"t": 5})
    assert figure["layout"]["margin"] == {"l": 10, "r": 10, "t": 5, "b": 40}
    assert figure["layout"]["title"]["text"] == "Title"
    assert figure["data"] == [{"type": "bar", "x": [1], "y": ["a"]}]


def test_money_axis_in_dollars_by_default():
    assert chartkit.money_axis() == {"tickformat": ",.0f", "tickprefix": "$"}
    assert chartkit.money_hover("x") == "$%{x:,.0f}"


def test_another_locale_sets_plotlys_separators(settings):
    settings.COMPANY_CURRENCY, settings.PACER_LOCALE = "EUR", "de_DE"
    figure = chartkit.figure([], "t", xaxis=chartkit.money_axis())
    assert figure["layout"]["separators"] == ",."
    assert figure["layout"]["xaxis"]["ticksuffix"] == "\xa0€"


def every_other_chart() -> dict[str, dict]:
    week = date(2021, 8, 14)
    okrs = QuarterOkrs(
        FiscalQuarter(2022, 3), week, (), {}, ((week, Decimal(6)),), (("S", ((week, Decimal(8)),)),)
    )
    return {
        "okr progress": okr_charts.progress_chart(department(("<b>A</b>", status(Decimal(4))))),
        "okr confidence": okr_charts.confidence_chart(okrs),
        "scores": framework_charts.score_distribution({1: 1, 2: 3}, {2: "Superior"}),
        "radar": framework_charts.competency_radar(["A & B"], {"Rep": [Decimal(3)]}),
    }


@pytest.mark.parametrize("name", list(every_other_chart()))
def test_okr_and_framework_charts_are_plain_figures_plotly_accepts(name):
    figure = every_other_chart()[name]
    assert isinstance(figure, dict)
    drawn = go.Figure(figure).to_plotly_json()  # validates against Plotly's schema
    assert len(drawn["data"]) == len(figure["data"])
