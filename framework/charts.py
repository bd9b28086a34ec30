"""Plotly figures for the career framework pages. Charts are data: they take results and
return figures, with no queries. Every label is HTML-escaped because Plotly renders a subset
of HTML in text."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape

import plotly.graph_objects as go

from .models import CompetencyScore

SCORE_NAMES = {score.value: score.label for score in CompetencyScore}


def as_json(figure: go.Figure) -> dict:
    """The figure as plain JSON data, for ``json_script`` in a template."""
    return json.loads(figure.to_json())


def score_distribution(counts: Mapping[int, int], labels: Mapping[int, str]) -> go.Figure:
    """How many ratings carry each final score, 1 to 5."""
    scores = sorted(counts)
    figure = go.Figure(
        go.Bar(
            x=[f"{score} - {escape(labels.get(score, ''))}" for score in scores],
            y=[counts[score] for score in scores],
            text=[counts[score] for score in scores],
            textposition="auto",
            hovertemplate="%{x}: %{y} rating(s)<extra></extra>",
            marker_color="#0b5cad",
        )
    )
    figure.update_layout(
        title="Final scores",
        yaxis={"title": "Ratings", "dtick": 1, "rangemode": "tozero"},
        margin={"l": 50, "r": 20, "t": 50, "b": 80},
        height=340,
    )
    return figure


def _points(values: Sequence[Decimal | None]) -> list[float | None]:
    # Scores 1-4 and their means: plotting needs floats, nothing is computed from them.
    return [None if value is None else float(value) for value in values]


def competency_radar(
    competencies: Sequence[str],
    series: Mapping[str, Sequence[Decimal | None]],
) -> go.Figure:
    """One trace per series (a person, the team average) over the competencies, scale 1-4."""
    labels = [escape(name) for name in competencies]
    figure = go.Figure()
    for name, values in series.items():
        points = _points(values)
        figure.add_trace(
            go.Scatterpolar(
                r=[*points, points[0]] if points else [],
                theta=[*labels, labels[0]] if labels else [],
                name=escape(name),
                fill="toself",
                opacity=0.6,
                connectgaps=True,
                hovertemplate="%{theta}: %{r:.2f}<extra>" + escape(name) + "</extra>",
            )
        )
    figure.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 4],
                "tickvals": list(SCORE_NAMES),
                "ticktext": list(SCORE_NAMES.values()),
            }
        },
        showlegend=True,
        margin={"l": 90, "r": 90, "t": 40, "b": 40},
        height=520,
    )
    return figure
