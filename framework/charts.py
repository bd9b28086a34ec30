"""Plotly figures for the career framework pages. Charts are data: they take results and
return plain figures (``display.chartkit``), with no queries; every label goes through
``chartkit.label`` because Plotly renders a subset of HTML in text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from display import chartkit
from display.chartkit import label

from .models import CompetencyScore

SCORE_NAMES = {score.value: score.label for score in CompetencyScore}


def score_distribution(counts: Mapping[int, int], labels: Mapping[int, str]) -> dict:
    """How many ratings carry each final score, 1 to 5."""
    scores = sorted(counts)
    bars = chartkit.bar(
        [f"{score} - {label(labels.get(score, ''))}" for score in scores],
        [counts[score] for score in scores],
        text=[str(counts[score]) for score in scores],
        textposition="auto",
        hovertemplate="%{x}: %{y} rating(s)<extra></extra>",
        marker={"color": chartkit.ACCENT},
    )
    return chartkit.figure(
        [bars],
        "Final scores",
        yaxis={"title": {"text": "Ratings"}, "dtick": 1, "rangemode": "tozero"},
        margin={"l": 50, "r": 20, "t": 50, "b": 80},
        height=340,
    )


def competency_radar(
    competencies: Sequence[str],
    series: Mapping[str, Sequence[Decimal | None]],
) -> dict:
    """One trace per series (a person, the team average) over the competencies, scale 1-4."""
    labels = [label(name) for name in competencies]
    traces = []
    for name, values in series.items():
        # Scores 1-4 and their means: plotting needs floats, nothing is computed from them.
        points = chartkit.numbers(values)
        traces.append(
            chartkit.trace(
                "scatterpolar",
                r=[*points, points[0]] if points else [],
                theta=[*labels, labels[0]] if labels else [],
                name=label(name),
                fill="toself",
                opacity=0.6,
                connectgaps=True,
                hovertemplate="%{theta}: %{r:.2f}<extra>" + label(name) + "</extra>",
            )
        )
    return chartkit.figure(
        traces,
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
