"""Plotly figures built from the engine's results. No queries, no rules: data in, figure out.

Each function returns a ``plotly.graph_objects.Figure`` whose title says what it shows in
words, with the values. Plotly renders some HTML in titles, labels and hover text, so every
name that comes from the data goes through ``label`` (HTML-escaped) before it enters a figure.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go

from goals import rules
from goals.calendar import FiscalQuarter

from .templatetags.pacer import figure as fmt
from .templatetags.pacer import percent

# Colours with at least 4.5:1 contrast on white (WCAG AA), also used by pacer.css.
INK, MUTED, ACCENT = "#1b1f24", "#57606a", "#0b5cad"
OK, WARN, BAD = "#116329", "#7a4d00", "#a40e26"
COVERAGE_MINIMUM = Decimal(3)  # seed 004: "Holds self accountable to 3x as a minimum"
BASE_LAYOUT = {
    "template": "none",
    "font": {"family": "system-ui, sans-serif", "size": 13, "color": INK},
    "margin": {"l": 10, "r": 10, "t": 60, "b": 40},
    "autosize": True,
    "xaxis": {"automargin": True},
    "yaxis": {"automargin": True},
    "showlegend": False,
}


@dataclass(frozen=True)
class TrendPoint:
    """A metric on one day of the quarter, from a snapshot or computed live for today."""

    on: date
    value: Decimal | None
    target: Decimal | None
    pace: Decimal | None


def label(text: str) -> str:
    """A name from the data, made safe for Plotly's HTML-ish text rendering."""
    return html.escape(str(text), quote=True)


def to_json(figure: go.Figure) -> dict:
    """A figure as plain JSON-ready data, for ``json_script``."""
    return json.loads(figure.to_json())


def _merged(base: dict, update: Mapping) -> dict:
    """``base`` with ``update`` merged in, nested dicts key by key (``update_layout``'s rule)."""
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def relayout(figure: go.Figure, *updates: Mapping) -> go.Figure:
    """``figure.update_layout(*updates)`` with the same result, about ten times faster:
    ``update_layout`` validates every property path one by one, and charts are built per
    request (a rep page builds a dozen)."""
    layout = figure.layout.to_plotly_json()
    for update in updates:
        layout = _merged(layout, update)
    figure.layout = layout
    return figure


def _layout(figure: go.Figure, title: str, height: int, **extra) -> go.Figure:
    return relayout(
        figure,
        BASE_LAYOUT,
        {
            "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}},
            "height": height,
        },
        extra,
    )


def describe(figure: rules.Figure, metric: rules.MetricDef) -> str:
    """A figure in words: value, target, attainment and today's pace."""
    words = f"{metric.label}: {fmt(figure.value, metric.unit)}"
    if figure.target is None:
        return words + " (no target this quarter)"
    words += f" of {fmt(figure.target, metric.unit)} target ({percent(figure.attainment)})"
    if figure.pace is not None:
        words += f", pace today {fmt(figure.pace, metric.unit)}"
    return words


def bullet_chart(figure: rules.Figure, metric: rules.MetricDef) -> go.Figure:
    """One metric as a bullet chart: a bar for the value, a line for the target, a triangle
    for where pace says the value should stand today."""
    value = figure.value if figure.value is not None else Decimal(0)
    colour = OK if not figure.below else (WARN if not figure.behind_pace else BAD)
    chart = go.Figure(
        go.Bar(
            x=[value],
            y=[""],
            orientation="h",
            marker={"color": colour},
            name="value",
            text=[fmt(figure.value, metric.unit)],
            textposition="auto",
            hovertemplate=f"Value: {fmt(figure.value, metric.unit)}<extra></extra>",
        )
    )
    if figure.target is not None:
        chart.add_trace(
            go.Scatter(
                x=[figure.target],
                y=[""],
                mode="markers",
                name="target",
                marker={"symbol": "line-ns", "size": 36, "line": {"width": 4, "color": INK}},
                hovertemplate=f"Target: {fmt(figure.target, metric.unit)}<extra></extra>",
            )
        )
    if figure.pace is not None:
        chart.add_trace(
            go.Scatter(
                x=[figure.pace],
                y=[""],
                mode="markers",
                name="pace today",
                marker={"symbol": "triangle-down", "size": 16, "color": ACCENT},
                hovertemplate=f"Pace today: {fmt(figure.pace, metric.unit)}<extra></extra>",
            )
        )
    top = max(v for v in (value, figure.target, figure.pace, Decimal(1)) if v is not None)
    return _layout(
        chart,
        describe(figure, metric),
        150,
        xaxis={"range": [0, top * Decimal("1.1")], "zeroline": True},
        yaxis={"showticklabels": False},
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
    )


def pace_line(
    metric: rules.MetricDef,
    quarter: FiscalQuarter,
    target: Decimal | None,
    previous_target: Decimal | None,
) -> list[tuple[date, Decimal]]:
    """The pace from the quarter's first to its last day, from the engine's ``pace``."""
    if target is None:
        return []
    return [
        (day, rules.pace(metric.kind, target, previous_target, quarter.elapsed(day)))
        for day in (quarter.start, quarter.end)
    ]


def trend_chart(
    metric: rules.MetricDef, points: Sequence[TrendPoint], pace: Sequence[tuple[date, Decimal]]
) -> go.Figure:
    """The quarter's trend of one metric (snapshots, then today) against the pace line."""
    known = [p for p in points if p.value is not None]
    chart = go.Figure(
        go.Scatter(
            x=[p.on.isoformat() for p in known],
            y=[p.value for p in known],
            mode="lines+markers",
            name="value",
            line={"color": ACCENT, "width": 3},
            hovertemplate="%{x}: %{y:,.0f}<extra>value</extra>",
        )
    )
    if pace:
        chart.add_trace(
            go.Scatter(
                x=[day.isoformat() for day, _ in pace],
                y=[value for _, value in pace],
                mode="lines",
                name="pace",
                line={"color": MUTED, "dash": "dash"},
                hovertemplate="%{x}: %{y:,.0f}<extra>pace</extra>",
            )
        )
    if known:
        last = known[-1]
        title = (
            f"{metric.label} this quarter: {len(known)} day{'s' if len(known) != 1 else ''} "
            f"recorded, {fmt(last.value, metric.unit)} on {last.on.isoformat()}"
        )
    else:
        title = f"{metric.label} this quarter: no figures recorded yet"
    return _layout(chart, title, 260, showlegend=True, legend={"orientation": "h", "y": -0.25})


def pipeline_chart(rows: Sequence[rules.CountedRow], names: Mapping[int, str]) -> go.Figure:
    """The open opportunities behind the weighted pipeline, largest weighted amount first."""
    ranked = sorted(rows, key=lambda r: r.weighted_amount or 0, reverse=True)[:15]
    ranked.reverse()  # Plotly draws the first bar at the bottom
    total = sum((r.weighted_amount or Decimal(0) for r in rows), Decimal(0))
    # Positions, not names, on the axis: two deals may share a name.
    positions = list(range(len(ranked)))
    chart = go.Figure(
        go.Bar(
            x=[r.weighted_amount for r in ranked],
            y=positions,
            orientation="h",
            marker={"color": ACCENT},
            customdata=[
                [label(names.get(r.id) or r.account), f"Stage {r.stage}", fmt(r.amount, "currency")]
                for r in ranked
            ],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}, amount %{customdata[2]}"
            "<br>weighted %{x:$,.0f}<extra></extra>",
        )
    )
    title = (
        f"Weighted pipeline: {fmt(total, 'currency')} over {len(rows)} open "
        f"opportunit{'y' if len(rows) == 1 else 'ies'}"
        + (" (largest 15 shown)" if len(rows) > 15 else "")
    )
    return _layout(
        chart,
        title,
        120 + 24 * max(len(ranked), 1),
        yaxis={
            "automargin": True,
            "tickvals": positions,
            "ticktext": [label(names.get(r.id) or r.account) for r in ranked],
        },
        xaxis={"tickformat": "$,.0f", "automargin": True},
    )


def projection_chart(look_ahead: rules.LookAhead, closed_won: Decimal) -> go.Figure:
    """Closed won so far and the quarter-end projection against the closed-won target."""
    values = [closed_won, look_ahead.projected_closed_won]
    bars = go.Figure(
        go.Bar(
            x=values,
            y=["closed won so far", "projected at quarter end"],
            orientation="h",
            marker={"color": [MUTED, ACCENT]},
            text=[fmt(v, "currency") for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:$,.0f}<extra></extra>",
        )
    )
    target = look_ahead.closed_won_target
    if target is not None:
        bars.add_vline(x=float(target), line={"color": INK, "width": 3})
        title = (
            f"Quarter-end projection: {fmt(look_ahead.projected_closed_won, 'currency')} "
            f"against a {fmt(target, 'currency')} target "
            f"({percent(rules.attainment(look_ahead.projected_closed_won, target))})"
        )
    else:
        title = f"Quarter-end projection: {fmt(look_ahead.projected_closed_won, 'currency')}"
    return _layout(bars, title, 190, yaxis={"automargin": True}, xaxis={"tickformat": "$,.0f"})


def coverage_chart(look_ahead: rules.LookAhead) -> go.Figure:
    """Pipeline coverage against the 3× minimum of seed 004."""
    coverage = look_ahead.pipeline_coverage
    if look_ahead.covered:
        title = "Pipeline coverage: covered, the closed-won target is already reached"
    elif coverage is None:
        title = "Pipeline coverage: no closed-won target this quarter"
    else:
        verdict = "meets" if coverage >= COVERAGE_MINIMUM else "below"
        title = (
            f"Pipeline coverage: {coverage:.1f}× ({fmt(look_ahead.open_pipeline, 'currency')} "
            f"open for {fmt(look_ahead.still_needed, 'currency')} still needed), "
            f"{verdict} the 3× minimum"
        )
    shown = coverage if coverage is not None else Decimal(0)
    colour = OK if coverage is None or coverage >= COVERAGE_MINIMUM else BAD
    chart = go.Figure(
        go.Bar(
            x=[shown],
            y=["coverage"],
            orientation="h",
            marker={"color": colour},
            hovertemplate="Coverage: %{x:.1f}×<extra></extra>",
        )
    )
    chart.add_vline(x=float(COVERAGE_MINIMUM), line={"color": INK, "width": 3})
    return _layout(
        chart,
        title,
        150,
        yaxis={"showticklabels": False},
        xaxis={"range": [0, float(max(shown, COVERAGE_MINIMUM)) * 1.15], "ticksuffix": "×"},
    )


def monthly_attainment_chart(
    months: Sequence[rules.MonthAttainment], rolling: Decimal | None
) -> go.Figure:
    """The months behind an SDR's six-month rolling attainment, with the mean and 100%."""
    chart = go.Figure(
        go.Bar(
            x=[m.month.strftime("%b %Y") for m in months],
            y=[m.attainment for m in months],
            marker={"color": [OK if m.attainment >= 100 else BAD for m in months]},
            text=[f"{m.saos} SAOs" for m in months],
            textposition="auto",
            hovertemplate="%{x}: %{y:.0f}% (%{text})<extra></extra>",
        )
    )
    chart.add_hline(y=100, line={"color": INK, "dash": "dash"})
    if rolling is not None:
        chart.add_hline(y=float(rolling), line={"color": ACCENT, "width": 3})
        title = f"Six-month rolling attainment: {percent(rolling)} over {len(months)} months"
    else:
        title = "Six-month rolling attainment: no complete month to measure yet"
    return _layout(chart, title, 280, yaxis={"ticksuffix": "%", "rangemode": "tozero"})


def heatmap(
    results: Sequence[rules.PersonQuarter], metrics: Mapping[str, rules.MetricDef]
) -> go.Figure:
    """Attainment per person (rows) and metric (columns); a blank cell has no target."""
    codes = [code for code in metrics if any(r.figure(code) for r in results)]
    z, text = [], []
    for result in results:
        row_z, row_text = [], []
        for code in codes:
            figure = result.figure(code)
            att = figure.attainment if figure else None
            row_z.append(min(att, Decimal(150)) if att is not None else None)
            row_text.append(percent(att) if att is not None else "")
        z.append(row_z)
        text.append(row_text)
    chart = go.Figure(
        go.Heatmap(
            z=z,
            x=[label(metrics[c].label) for c in codes],
            y=[label(r.person.name) for r in results],
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=150,
            # Light tints so the dark text on them stays readable (contrast ≥ 4.5:1).
            colorscale=[[0, "#ffc1c0"], [0.5, "#fff1c2"], [0.6667, "#d6f5dd"], [1, "#8fe0a5"]],
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorbar={"title": {"text": "attainment %"}, "ticksuffix": "%"},
        )
    )
    return _layout(
        chart,
        f"Attainment by person and metric ({len(results)} people; 100% = target)",
        140 + 28 * max(len(results), 1),
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis={"side": "top", "automargin": True},
        margin={"l": 10, "r": 10, "t": 110, "b": 10},
    )


def leaderboard_chart(ranked: Sequence[rules.PersonQuarter], metric: rules.MetricDef) -> go.Figure:
    """A role's ranking by its leaderboard metric's attainment."""
    shown = list(reversed(ranked[:20]))
    chart = go.Figure(
        go.Bar(
            x=[(r.figure(metric.code).attainment or 0) for r in shown],
            y=[label(r.person.name) for r in shown],
            orientation="h",
            marker={"color": ACCENT},
            text=[fmt(r.figure(metric.code).value, metric.unit) for r in shown],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}% (%{text})<extra></extra>",
        )
    )
    top = ranked[0].person.name if ranked else "nobody"
    return _layout(
        chart,
        f"{metric.label} attainment, {len(ranked)} people; first: {label(top)}",
        120 + 26 * max(len(shown), 1),
        yaxis={"automargin": True},
        xaxis={"ticksuffix": "%"},
    )


def segment_chart(totals: Mapping[str, Iterable[rules.TeamTotal]], labels: Mapping[str, str]):
    """SAOs and meetings per SDR segment against the sum of the segment's targets."""
    chart = go.Figure()
    words = []
    for code, name, colour in (("saos", "SAOs", ACCENT), ("new_business_meetings", "Meetings", OK)):
        xs, ys, texts = [], [], []
        for segment, segment_totals in totals.items():
            total = next((t for t in segment_totals if t.metric == code), None)
            if total is None:
                continue
            xs.append(label(labels.get(segment, segment)))
            ys.append(total.attainment or 0)
            texts.append(f"{fmt(total.value, 'count')} of {fmt(total.target, 'count')}")
            words.append(f"{labels.get(segment, segment)} {name} {texts[-1]}")
        chart.add_trace(
            go.Bar(
                x=xs,
                y=ys,
                name=name,
                marker={"color": colour},
                text=texts,
                textposition="auto",
                hovertemplate="%{x}: %{y:.0f}% (%{text})<extra>" + name + "</extra>",
            )
        )
    chart.add_hline(y=100, line={"color": INK, "dash": "dash"})
    title = "SAOs and meetings per segment vs target: " + ("; ".join(words) or "no SDRs")
    return _layout(
        chart,
        label(title),
        320,
        barmode="group",
        showlegend=True,
        yaxis={"ticksuffix": "%"},
        legend={"orientation": "h", "y": -0.2},
    )
