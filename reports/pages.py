"""What a page shows beyond the engine's figures: its charts and its sentences.

Views call a selector, then these functions to turn its result into chart JSON (for
``json_script``) and words. No queries and no rules here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from goals import rules
from people.models import SdrSegment

from . import charts
from .selectors import PersonPage, SdrOverview, TeamReview
from .templatetags.pacer import figure as fmt
from .templatetags.pacer_words import NEEDED_WORDS  # "$X more closed won, N more new-logo SAOs"


@dataclass(frozen=True)
class Chart:
    """A chart for a template: the element id, the figure as JSON and a sentence."""

    id: str
    figure: dict
    caption: str
    group: str = ""  # the section of the page it belongs to (a metric, a role, a segment)


def _chart(chart_id: str, figure: charts.PlotlyFigure, caption: str = "", group: str = "") -> Chart:
    # Titles hold escaped names for Plotly; the template escapes the caption itself.
    words = caption or html.unescape(figure["layout"]["title"]["text"] or "")
    # The sentence moves to the figure's caption, where HTML wraps it at any width.
    charts.relayout(figure, {"title": {"text": ""}, "margin": {"t": 20}})
    return Chart(chart_id, figure, words, group)


def figures_json(chart_list: list[Chart]) -> dict[str, dict]:
    """The figures keyed by element id, the shape ``static/js/charts.js`` draws."""
    return {chart.id: chart.figure for chart in chart_list}


def needed(result: rules.PersonQuarter, metrics: Mapping[str, rules.MetricDef]) -> str:
    """In plain words, what is still needed to reach every target of the quarter."""
    parts = []
    for figure in result.figures:
        gap = figure.gap()
        if not gap:
            continue
        unit = metrics[figure.metric].unit
        amount = fmt(gap, "currency" if unit == "currency" else "count")
        parts.append(f"{amount} more {NEEDED_WORDS.get(figure.metric, figure.metric)}")
    if not parts:
        return "Every target with a figure is reached."
    return "To be on target: " + ", ".join(parts) + "."


def person_charts(page: PersonPage) -> list[Chart]:
    """Bullet and trend per metric; look-ahead (AE) or monthly attainment (SDR)."""
    result, metrics = page.result, page.data.metrics
    found = []
    for figure in result.figures:
        metric = metrics[figure.metric]
        bullet = charts.bullet_chart(figure, metric)
        found.append(_chart(f"bullet-{figure.metric}", bullet, group=figure.metric))
        pace = charts.pace_line(
            metric, result.quarter, figure.target, page.previous_targets.get(figure.metric)
        )
        trend = charts.trend_chart(metric, page.trend.get(figure.metric, []), pace)
        found.append(_chart(f"trend-{figure.metric}", trend, group=figure.metric))
    if result.look_ahead is not None:
        closed = result.figure("closed_won_acv").value
        found.append(_chart("projection", charts.projection_chart(result.look_ahead, closed)))
        found.append(_chart("coverage", charts.coverage_chart(result.look_ahead)))
    pipeline = page.deals.get("weighted_pipeline")
    if pipeline and pipeline.count:
        largest = page.largest_pipeline
        names = {deal.row.id: deal.name for deal in largest}
        # The listed deals add up to the engine's figure (RULES.md: Σ amount × weight).
        total = result.figure("weighted_pipeline").value
        chart = charts.pipeline_chart(
            [deal.row for deal in largest], names, total=total, count=pipeline.count
        )
        found.append(_chart("pipeline", chart))
    if result.person.role == "sdr":
        rolling = result.figure("rolling_attainment")
        chart = charts.monthly_attainment_chart(page.months, rolling.value if rolling else None)
        found.append(_chart("rolling", chart))
    return found


def team_charts(review: TeamReview) -> list[Chart]:
    """A heatmap per role of the team's attainment."""
    found = []
    for role, results in review.by_role.items():
        metrics = {c: m for c, m in review.data.metrics.items() if m.role == role}
        found.append(_chart(f"heatmap-{role}", charts.heatmap(results, metrics), group=role))
    return found


def sdr_charts(overview: SdrOverview) -> list[Chart]:
    labels = dict(SdrSegment.choices)
    found = [_chart("segments", charts.segment_chart(overview.totals, labels))]
    for segment, results in overview.by_segment.items():
        for result in results:
            rolling = result.figure("rolling_attainment")
            chart = charts.monthly_attainment_chart(
                overview.months.get(result.person.id, []), rolling.value if rolling else None
            )
            title = chart["layout"]["title"]
            title["text"] = f"{charts.label(result.person.name)}: {title['text']}"
            found.append(_chart(f"rolling-{result.person.id}", chart, group=segment))
    return found


def leaderboard_charts(boards, metrics) -> list[Chart]:
    return [
        _chart(
            f"leaderboard-{role}",
            charts.leaderboard_chart(ranked, metrics[rules.LEADERBOARD_METRIC[role]]),
        )
        for role, ranked in boards.items()
    ]
