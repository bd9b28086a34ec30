"""OKR charts: each function takes OKR results and returns a Plotly figure as plain data.

No queries here. Figures are built with ``display.chartkit``, whose ``label`` escapes every
name first: markup in a key result shows as text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from display import chartkit
from display.chartkit import label
from okrs.okrs import DepartmentOkrs, QuarterOkrs

LABEL_CHARS = 60
TENTH = Decimal("0.1")
# Progress bars stop here so one far-ahead key result does not squash the rest.
PROGRESS_AXIS_MAX = 150


def _short(text: str) -> str:
    text = " ".join(text.split())
    return label(text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…")


def progress_chart(department: DepartmentOkrs) -> dict:
    """One horizontal bar per key result of the department: progress toward its target."""
    labels, values, texts, hovers = [], [], [], []
    for objective in department.objectives:
        for wording, status in objective.key_results:
            labels.append(_short(wording))
            progress = status.progress
            values.append(float(min(progress, PROGRESS_AXIS_MAX)) if progress is not None else 0)
            texts.append(_progress_text(status.progress, status.target_set))
            hovers.append(f"{label(' '.join(wording.split()))}<br>{texts[-1]}")
    bars = chartkit.bar(
        values,
        labels,
        orientation="h",
        text=texts,
        textposition="outside",
        hovertext=hovers,
        hoverinfo="text",
        marker={"color": "#0969da"},
    )
    return chartkit.figure(
        [bars],
        height=max(160, 34 * len(labels) + 60),
        margin={"l": 10, "r": 40, "t": 10, "b": 30},
        xaxis={"range": [0, PROGRESS_AXIS_MAX + 20], "ticksuffix": "%"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[_target_line()],
        showlegend=False,
    )


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
    lines = [_confidence_line("All key results", result.confidence_trend, width=4)]
    for name, trend in result.department_confidence:
        lines.append(_confidence_line(label(name), trend, width=1.5))
    drawn = [line for line in lines if line is not None]
    return chartkit.figure(
        drawn,
        height=300,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        yaxis={"range": [0, 10.5], "title": {"text": "confidence"}},
        xaxis={"range": [result.quarter.start.isoformat(), result.quarter.end.isoformat()]},
        legend={"orientation": "h", "y": -0.2},
        showlegend=len(drawn) > 1,  # plotly.js's own default: a legend once there are two lines
    )


def _confidence_line(name: str, trend, width: float) -> dict | None:
    points = [(day, mean) for day, mean in trend if mean is not None]
    if not points:
        return None
    return chartkit.line(
        [day.isoformat() for day, _ in points],
        [float(mean.quantize(TENTH, rounding=ROUND_HALF_UP)) for _, mean in points],
        name=name,
        mode="lines+markers",
        line={"width": width},
        hovertemplate=f"{name}<br>%{{x}}: %{{y}} / 10<extra></extra>",
    )
