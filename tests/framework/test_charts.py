"""Framework charts are data: plain figures, with markup in names escaped."""

from decimal import Decimal

import plotly.graph_objects as go

from framework import charts


def test_distribution_has_one_bar_per_score():
    # go.Figure checks the plain figure against Plotly's schema and gives attribute access.
    figure = go.Figure(
        charts.score_distribution({1: 0, 2: 3, 3: 5, 4: 1, 5: 0}, {2: "Superior Performance"})
    )
    bar = figure.data[0]
    assert list(bar.y) == [0, 3, 5, 1, 0]
    assert bar.x[1] == "2 - Superior Performance"


def test_radar_closes_the_loop_and_escapes_names():
    figure = go.Figure(
        charts.competency_radar(
            ["Territory & Account Planning", "High Agency"],
            {"<b>Rep</b>": [Decimal(3), None], "Team average": [Decimal("2.5"), Decimal(4)]},
        )
    )
    rep, team = figure.data
    assert rep.name == "&lt;b&gt;Rep&lt;/b&gt;"
    assert list(rep.theta) == [
        "Territory &amp; Account Planning",
        "High Agency",
        "Territory &amp; Account Planning",
    ]
    assert list(team.r) == [2.5, 4.0, 2.5]
