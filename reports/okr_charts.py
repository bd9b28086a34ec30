"""OKR charts: each function takes OKR results and returns a Plotly figure as plain data.

No queries here. Plotly reads a small HTML subset in labels and hover text, so every name is
escaped first: markup in a key result shows as text. Quotes stay as they are: Plotly decodes
&lt; &gt; &amp; but shows &quot; literally.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from html import escape

import plotly.graph_objects as go

from okrs.okrs import DepartmentOkrs, QuarterOkrs

LABEL_CHARS = 60
TENTH = Decimal("0.1")
# Progress bars stop here so one far-ahead key result does not squash the rest.
PROGRESS_AXIS_MAX = 150


def _short(text: str) -> str:
    text = " ".join(text.split())
    return _escape(text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…")


def _escape(text: str) -> str:
    return escape(text, quote=False)


def _plain(figure: go.Figure) -> dict:
    """The figure as JSON-ready data (numbers, strings), for ``json_script``."""
    return json.loads(figure.to_json())


def progress_chart(department: DepartmentOkrs) -> dict:
    """One horizontal bar per key result of the department: progress toward its target."""
    labels, values, texts, hovers = [], [], [], []
    for objective in department.objectives:
        for wording, status in objective.key_results:
            labels.append(_short(wording))
            progress = status.progress
            values.append(float(min(progress, PROGRESS_AXIS_MAX)) if progress is not None else 0)
            texts.append(_progress_text(status.progress, status.target_set))
            hovers.append(f"{_escape(' '.join(wording.split()))}<br>{texts[-1]}")
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            hovertext=hovers,
            hoverinfo="text",
            marker_color="#0969da",
        )
    )
    figure.update_layout(
        height=max(160, 34 * len(labels) + 60),
        margin={"l": 10, "r": 40, "t": 10, "b": 30},
        xaxis={"range": [0, PROGRESS_AXIS_MAX + 20], "ticksuffix": "%"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[_target_line()],
        showlegend=False,
    )
    return _plain(figure)


def _progress_text(progress: Decimal | None, target_set: bool) -> str:
    if progress is not None:
        return f"{progress:.0f}%"
    return "no progress yet" if target_set else "target not set"


def _target_line() -> dict:
    return {
        "type": "line",
        "x0": 100,
        "x1": 100,
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "line": {"color": "#1a7f37", "dash": "dot"},
    }


def confidence_chart(result: QuarterOkrs) -> dict:
    """The quarter's confidence trend: each week, the mean of the key results' latest
    confidence (0-10), for the whole quarter and for each department with check-ins."""
    figure = go.Figure()
    _confidence_line(figure, "All key results", result.confidence_trend, width=4)
    for name, trend in result.department_confidence:
        _confidence_line(figure, _escape(name), trend, width=1.5)
    figure.update_layout(
        height=300,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        yaxis={"range": [0, 10.5], "title": {"text": "confidence"}},
        xaxis={"range": [result.quarter.start.isoformat(), result.quarter.end.isoformat()]},
        legend={"orientation": "h", "y": -0.2},
    )
    return _plain(figure)


def _confidence_line(figure: go.Figure, name: str, trend, width: float) -> None:
    points = [(day, mean) for day, mean in trend if mean is not None]
    if not points:
        return
    figure.add_trace(
        go.Scatter(
            name=name,
            x=[day.isoformat() for day, _ in points],
            y=[float(mean.quantize(TENTH, rounding=ROUND_HALF_UP)) for _, mean in points],
            mode="lines+markers",
            line={"width": width},
            hovertemplate=f"{name}<br>%{{x}}: %{{y}} / 10<extra></extra>",
        )
    )
