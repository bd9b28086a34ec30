"""Plotly figures built from the engine's results. No queries, no rules: data in, figure out.

Each function returns a figure as plain data built with ``display.chartkit`` (the one chart
style: figure, traces, ``label`` escaping, money axes in the company currency). Money arrives
as ``Decimal`` and leaves as a float: a chart only draws it, the page's text says it exactly.

Each figure's title says what it shows in words, with the values; every name that comes from
the data goes through ``label`` before it enters a figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from display import chartkit
from display.chartkit import (
    ACCENT,
    BASE_LAYOUT,  # noqa: F401 (pages and tests know it as charts')
    INK,
    MUTED,
    OK,
    PlotlyFigure,
    label,
    money_axis,
    money_hover,
    number,
    numbers,
    relayout,  # noqa: F401
)
from display.chartkit import hline as _hline
from display.chartkit import vline as _vline
from goals import rules
from goals.calendar import FiscalQuarter

from .templatetags.pacer import figure as fmt
from .templatetags.pacer import percent

# One diverging, colour-blind-safe scale (orange below, blue at or above target), the same
# hues as pacer.css's --att-* tints: bars at full strength, the heatmap in light tints.
MET, ON_PACE, BEHIND = "#3b7fc0", "#f2b880", "#d9691c"
HEAT_SCALE = [[0, "#eb8f4a"], [0.6666, "#fde6cf"], [0.6667, "#c6dbef"], [1, "#7fb2de"]]


@dataclass(frozen=True)
class TrendPoint:
    """A metric on one day of the quarter, from a snapshot or computed live for today."""

    on: date
    value: Decimal | None
    target: Decimal | None
    pace: Decimal | None


def _figure(traces: list[dict], title: str, height: int, **extra) -> PlotlyFigure:
    return chartkit.figure(traces, title, height=height, **extra)


def describe(figure: rules.Figure, metric: rules.MetricDef) -> str:
    """A figure in words: value, target, attainment and today's pace."""
    words = f"{metric.label}: {fmt(figure.value, metric.unit)}"
    if figure.target is None:
        return words + " (no target this quarter)"
    words += f" of {fmt(figure.target, metric.unit)} target ({percent(figure.attainment)})"
    if figure.pace is not None:
        words += f", pace today {fmt(figure.pace, metric.unit)}"
    return words


def bullet_chart(figure: rules.Figure, metric: rules.MetricDef) -> PlotlyFigure:
    """One metric as a bullet chart: a bar for the value, a line for the target, a triangle
    for where pace says the value should stand today."""
    value = figure.value if figure.value is not None else Decimal(0)
    colour = MET if not figure.below else (ON_PACE if not figure.behind_pace else BEHIND)
    traces = [
        {
            "type": "bar",
            "x": [number(value)],
            "y": [""],
            "orientation": "h",
            "marker": {"color": colour},
            "name": "value",
            "text": [fmt(figure.value, metric.unit)],
            # The value sits at the bar's start, clear of the target and pace marks.
            "textposition": "inside",
            "insidetextanchor": "start",
            "hovertemplate": f"Value: {fmt(figure.value, metric.unit)}<extra></extra>",
        }
    ]
    traces += _bullet_marks(figure, metric)
    top = max(v for v in (value, figure.target, figure.pace, Decimal(1)) if v is not None)
    return _figure(
        traces,
        describe(figure, metric),
        150,
        xaxis={"range": [0, number(top * Decimal("1.1"))], "zeroline": True},
        yaxis={"showticklabels": False},
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
        uniformtext={"mode": "hide", "minsize": 10},
    )


def _bullet_marks(figure: rules.Figure, metric: rules.MetricDef) -> list[dict]:
    """The target line and the pace diamond of a bullet chart, each labelled in words."""
    traces: list[dict] = []
    if figure.target is not None:
        traces.append(
            {
                "type": "scatter",
                "x": [number(figure.target)],
                "y": [""],
                "mode": "markers+text",
                "name": "target",
                "text": ["target"],
                "textposition": "top center",
                "marker": {"symbol": "line-ns", "size": 36, "line": {"width": 4, "color": INK}},
                "hovertemplate": f"Target: {fmt(figure.target, metric.unit)}<extra></extra>",
            }
        )
    if figure.pace is not None:
        traces.append(
            {
                "type": "scatter",
                "x": [number(figure.pace)],
                "y": [""],
                "mode": "markers+text",
                "name": "pace today",
                "text": ["pace"],
                "textposition": "bottom center",
                "marker": {
                    "symbol": "diamond-tall",
                    "size": 16,
                    "color": INK,
                    "line": {"width": 2, "color": "#ffffff"},
                },
                "hovertemplate": f"Pace today: {fmt(figure.pace, metric.unit)}<extra></extra>",
            }
        )
    return traces


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
) -> PlotlyFigure:
    """The quarter's trend of one metric (snapshots, then today) against the pace line."""
    known = [p for p in points if p.value is not None]
    traces = [
        {
            "type": "scatter",
            "x": [p.on.isoformat() for p in known],
            "y": numbers(p.value for p in known),
            "mode": "lines+markers",
            "name": "value",
            "line": {"color": ACCENT, "width": 3},
            "hovertemplate": "%{x}: %{y:,.0f}<extra>value</extra>",
        }
    ]
    if pace:
        traces.append(
            {
                "type": "scatter",
                "x": [day.isoformat() for day, _ in pace],
                "y": numbers(value for _, value in pace),
                "mode": "lines",
                "name": "pace",
                "line": {"color": MUTED, "dash": "dash"},
                "hovertemplate": "%{x}: %{y:,.0f}<extra>pace</extra>",
            }
        )
    if known:
        last = known[-1]
        title = (
            f"{metric.label} this quarter: {len(known)} day{'s' if len(known) != 1 else ''} "
            f"recorded, {fmt(last.value, metric.unit)} on {last.on.isoformat()}"
        )
    else:
        title = f"{metric.label} this quarter: no figures recorded yet"
    return _figure(traces, title, 260, showlegend=True, legend={"orientation": "h", "y": -0.25})


def pipeline_chart(
    largest: Sequence[rules.CountedRow], names: Mapping[int, str], *, total: Decimal, count: int
) -> PlotlyFigure:
    """The weighted pipeline, ``total`` over ``count`` open opportunities, with a bar for each
    of ``largest`` (the largest weighted amounts, largest first)."""
    ranked = list(reversed(largest))  # Plotly draws the first bar at the bottom
    # Positions, not names, on the axis: two deals may share a name.
    positions = list(range(len(ranked)))
    trace = {
        "type": "bar",
        "x": numbers(r.weighted_amount for r in ranked),
        "y": positions,
        "orientation": "h",
        "marker": {"color": ACCENT},
        "customdata": [
            [label(names.get(r.id) or r.account), f"Stage {r.stage}", fmt(r.amount, "currency")]
            for r in ranked
        ],
        "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}, amount %{customdata[2]}"
        f"<br>weighted {money_hover('x')}<extra></extra>",
    }
    title = (
        f"Weighted pipeline: {fmt(total, 'currency')} over {count} open "
        f"opportunit{'y' if count == 1 else 'ies'}"
        + (f" (largest {len(ranked)} shown)" if count > len(ranked) else "")
    )
    return _figure(
        [trace],
        title,
        120 + 24 * max(len(ranked), 1),
        yaxis={
            "automargin": True,
            "tickvals": positions,
            "ticktext": [label(names.get(r.id) or r.account) for r in ranked],
        },
        xaxis=money_axis(automargin=True),
    )


def projection_chart(look_ahead: rules.LookAhead, closed_won: Decimal) -> PlotlyFigure:
    """Closed won so far and the quarter-end projection against the closed-won target."""
    values = [closed_won, look_ahead.projected_closed_won]
    bars = {
        "type": "bar",
        "x": numbers(values),
        "y": ["closed won so far", "projected at quarter end"],
        "orientation": "h",
        "marker": {"color": [MUTED, ACCENT]},
        "text": [fmt(v, "currency") for v in values],
        "textposition": "auto",
        "hovertemplate": f"%{{y}}: {money_hover('x')}<extra></extra>",
    }
    target = look_ahead.closed_won_target
    shapes = []
    if target is not None:
        shapes.append(_vline(number(target), {"color": INK, "width": 3}, "target"))
        title = (
            f"Quarter-end projection: {fmt(look_ahead.projected_closed_won, 'currency')} "
            f"against a {fmt(target, 'currency')} target "
            f"({percent(rules.attainment(look_ahead.projected_closed_won, target))})"
        )
    else:
        title = f"Quarter-end projection: {fmt(look_ahead.projected_closed_won, 'currency')}"
    return _figure(
        [bars],
        title,
        190,
        shapes=shapes,
        yaxis={"automargin": True},
        xaxis=money_axis(),
    )


def coverage_chart(look_ahead: rules.LookAhead) -> PlotlyFigure:
    """Pipeline coverage against the 3× minimum of seed 004."""
    coverage = look_ahead.pipeline_coverage
    if look_ahead.covered:
        title = "Pipeline coverage: covered, the closed-won target is already reached"
    elif coverage is None:
        title = "Pipeline coverage: no closed-won target this quarter"
    else:
        verdict = "meets" if look_ahead.meets_coverage_minimum else "below"
        title = (
            f"Pipeline coverage: {coverage:.1f}× ({fmt(look_ahead.open_pipeline, 'currency')} "
            f"open for {fmt(look_ahead.still_needed, 'currency')} still needed), "
            f"{verdict} the 3× minimum"
        )
    shown = coverage if coverage is not None else Decimal(0)
    # Red only below the minimum; covered or without a target there is nothing to miss.
    colour = BEHIND if look_ahead.meets_coverage_minimum is False else MET
    bar = {
        "type": "bar",
        "x": [number(shown)],
        "y": ["coverage"],
        "orientation": "h",
        "marker": {"color": colour},
        "hovertemplate": "Coverage: %{x:.1f}×<extra></extra>",
    }
    return _figure(
        [bar],
        title,
        150,
        shapes=[_vline(number(rules.COVERAGE_MINIMUM), {"color": INK, "width": 3}, "3× minimum")],
        yaxis={"showticklabels": False},
        xaxis={"range": [0, float(max(shown, rules.COVERAGE_MINIMUM)) * 1.15], "ticksuffix": "×"},
    )


def monthly_attainment_chart(
    months: Sequence[rules.MonthAttainment], rolling: Decimal | None
) -> PlotlyFigure:
    """The months behind an SDR's six-month rolling attainment, with the mean and 100%."""
    bars = {
        "type": "bar",
        "x": [m.month.strftime("%b %Y") for m in months],
        "y": numbers(m.attainment for m in months),
        "marker": {"color": [MET if m.attainment >= 100 else BEHIND for m in months]},
        "text": [f"{m.saos} SAOs" for m in months],
        "textposition": "auto",
        "hovertemplate": "%{x}: %{y:.0f}% (%{text})<extra></extra>",
    }
    shapes = [_hline(100, {"color": INK, "dash": "dash"}, "target 100%")]
    if rolling is not None:
        shapes.append(_hline(number(rolling), {"color": ACCENT, "width": 3}, "rolling mean"))
        title = f"Six-month rolling attainment: {percent(rolling)} over {len(months)} months"
    else:
        title = "Six-month rolling attainment: no complete month to measure yet"
    return _figure(
        [bars], title, 280, shapes=shapes, yaxis={"ticksuffix": "%", "rangemode": "tozero"}
    )


def state_symbol(figure: rules.Figure) -> str:
    """The symbol the table uses for a figure's state: ✓ met, ● on pace, ▼ behind pace."""
    if not figure.below:
        return "✓"
    return "▼" if figure.behind_pace else "●"


def heatmap(
    results: Sequence[rules.PersonQuarter], metrics: Mapping[str, rules.MetricDef]
) -> PlotlyFigure:
    """Attainment per person (rows) and metric (columns); a blank cell has no target."""
    codes = [code for code in metrics if any(r.figure(code) for r in results)]
    z, text = [], []
    for result in results:
        row_z, row_text = [], []
        for code in codes:
            figure = result.figure(code)
            att = figure.attainment if figure else None
            row_z.append(number(min(att, Decimal(150))) if att is not None else None)
            row_text.append(f"{state_symbol(figure)} {percent(att)}" if att is not None else "–")
        z.append(row_z)
        text.append(row_text)
    trace = {
        "type": "heatmap",
        "z": z,
        "x": [label(metrics[c].label) for c in codes],
        "y": [label(r.person.name) for r in results],
        "text": text,
        "texttemplate": "%{text}",
        "zmin": 0,
        "zmax": 150,
        # Light tints so the dark text on them stays readable (contrast ≥ 4.5:1).
        "colorscale": HEAT_SCALE,
        "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
        "colorbar": {"title": {"text": "attainment %"}, "ticksuffix": "%"},
    }
    return _figure(
        [trace],
        f"Attainment by person and metric ({len(results)} people; 100% = target)",
        140 + 28 * max(len(results), 1),
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis={"side": "top", "automargin": True},
        margin={"l": 10, "r": 10, "t": 110, "b": 10},
    )


def leaderboard_chart(
    ranked: Sequence[rules.PersonQuarter], metric: rules.MetricDef
) -> PlotlyFigure:
    """A role's ranking by its leaderboard metric's attainment."""
    shown = list(reversed(ranked[:20]))
    bars = {
        "type": "bar",
        "x": numbers((r.figure(metric.code).attainment or 0) for r in shown),
        "y": [label(r.person.name) for r in shown],
        "orientation": "h",
        "marker": {"color": ACCENT},
        "text": [fmt(r.figure(metric.code).value, metric.unit) for r in shown],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x:.0f}% (%{text})<extra></extra>",
    }
    top = ranked[0].person.name if ranked else "nobody"
    return _figure(
        [bars],
        f"{metric.label} attainment, {len(ranked)} people; first: {label(top)}",
        120 + 26 * max(len(shown), 1),
        yaxis={"automargin": True},
        xaxis={"ticksuffix": "%"},
    )


def segment_chart(
    totals: Mapping[str, Iterable[rules.TeamTotal]], labels: Mapping[str, str]
) -> PlotlyFigure:
    """SAOs and meetings per SDR segment against the sum of the segment's targets."""
    traces = []
    words = []
    for code, name, colour in (("saos", "SAOs", ACCENT), ("new_business_meetings", "Meetings", OK)):
        xs, ys, texts = [], [], []
        for segment, segment_totals in totals.items():
            total = next((t for t in segment_totals if t.metric == code), None)
            if total is None:
                continue
            xs.append(label(labels.get(segment, segment)))
            ys.append(number(total.attainment or 0))
            texts.append(f"{fmt(total.value, 'count')} of {fmt(total.target, 'count')}")
            words.append(f"{labels.get(segment, segment)} {name} {texts[-1]}")
        traces.append(
            {
                "type": "bar",
                "x": xs,
                "y": ys,
                "name": name,
                "marker": {"color": colour},
                "text": texts,
                "textposition": "auto",
                "hovertemplate": "%{x}: %{y:.0f}% (%{text})<extra>" + name + "</extra>",
            }
        )
    title = "SAOs and meetings per segment vs target: " + ("; ".join(words) or "no SDRs")
    return _figure(
        traces,
        label(title),
        320,
        shapes=[_hline(100, {"color": INK, "dash": "dash"}, "target 100%")],
        barmode="group",
        showlegend=True,
        yaxis={"ticksuffix": "%"},
        legend={"orientation": "h", "y": -0.2},
    )
