"""Plotly figures as plain data, the one chart style of every page (reports, OKRs, the
career framework): ``{"data": [traces], "layout": {...}}``, the shape plotly.js's
``Plotly.newPlot`` takes and ``json_script`` writes as it is.

Figures are built per request, and ``plotly.graph_objects`` validates and copies every
property on the way in, which cost more than the rest of a page; the tests check each figure
against Plotly's schema instead (``go.Figure(figure)``). Plotly renders a subset of HTML in
titles, labels and hover text, so every text from the data goes through :func:`label`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from .money import currency_affixes, separators

PlotlyFigure = dict  # {"data": [trace, ...], "layout": {...}}, as plotly.js reads it

# Colours with at least 4.5:1 contrast on white (WCAG AA), also used by pacer.css.
INK, MUTED, ACCENT = "#1b1f24", "#57606a", "#0b5cad"
OK, WARN, BAD = "#116329", "#7a4d00", "#a40e26"
# No "template": plotly.js has none of its own (plotly.py's default one is what "none" undid).
BASE_LAYOUT = {
    "font": {"family": "system-ui, sans-serif", "size": 13, "color": INK},
    "margin": {"l": 10, "r": 10, "t": 60, "b": 40},
    "autosize": True,
    "xaxis": {"automargin": True},
    "yaxis": {"automargin": True},
    "showlegend": False,
}


def label(text: object) -> str:
    """A text from the data, made safe for Plotly's HTML-ish rendering: ``<``, ``>`` and ``&``
    escaped; quotes stay, because Plotly decodes ``&lt;`` but shows ``&quot;`` literally."""
    return html.escape(str(text), quote=False)


def number(value: Decimal | float | None) -> float | None:
    """A figure as a JSON number for plotly.js (``json_script`` would write a Decimal as a
    string, which Plotly reads as a category)."""
    return None if value is None else float(value)


def numbers(values: Iterable[Decimal | float | None]) -> list[float | None]:
    """:func:`number` of each value."""
    return [number(value) for value in values]


def merged(base: Mapping, update: Mapping) -> dict:
    """``base`` with ``update`` merged in, nested dicts key by key (``update_layout``'s rule)."""
    result = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def relayout(figure: PlotlyFigure, *updates: Mapping) -> PlotlyFigure:
    """``figure`` with each of ``updates`` merged into its layout, as Plotly's
    ``update_layout`` would (nested keys it does not name stay)."""
    layout = figure.get("layout", {})
    for update in updates:
        layout = merged(layout, update)
    figure["layout"] = layout
    return figure


def figure(traces: Sequence[dict], title: str | None = None, **layout) -> PlotlyFigure:
    """A figure of ``traces`` in the house layout, with ``title`` (already escaped) top left
    and ``layout`` merged over it."""
    base = dict(BASE_LAYOUT)
    if title is not None:
        base["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}}
    if separators() != ".,":  # plotly.js's own; another locale groups its own way
        base["separators"] = separators()
    return {"data": list(traces), "layout": merged(base, layout)}


def trace(kind: str, **props) -> dict:
    """One trace of type ``kind`` (``"bar"``, ``"scatter"``, ``"heatmap"``, …)."""
    return {"type": kind, **props}


def bar(x: Sequence, y: Sequence, **props) -> dict:
    """A bar trace (``orientation="h"`` for horizontal bars)."""
    return trace("bar", x=list(x), y=list(y), **props)


def line(x: Sequence, y: Sequence, **props) -> dict:
    """A scatter trace, drawn as lines and/or markers by ``mode``."""
    return trace("scatter", x=list(x), y=list(y), **props)


def vline(x: float, style: Mapping, text: str = "", *, yref: str = "y domain") -> dict:
    """A vertical line at data position ``x``, the full height of the plot (as plotly.py's
    ``add_vline`` writes it), labelled with ``text``."""
    shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1,
             "yref": yref, "line": dict(style)}  # fmt: skip
    return _labelled(shape, text)


def hline(y: float, style: Mapping, text: str = "") -> dict:
    """A horizontal line at data position ``y``, the full width of the plot, labelled."""
    shape = {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": y, "y1": y,
             "yref": "y", "line": dict(style)}  # fmt: skip
    return _labelled(shape, text)


def _labelled(shape: dict, text: str) -> dict:
    # Every mark says what it is in words (issue 17): a line alone is only a colour.
    if text:
        shape["label"] = {
            "text": label(text),
            "textposition": "end",
            "textangle": 0,  # upright: a rotated label is cut at the plot's edge
            "xanchor": "left",
            "yanchor": "top",
            "padding": 4,
            "font": {"size": 12},
        }
    return shape


def money_hover(variable: str) -> str:
    """A hover placeholder showing ``variable`` as whole money in the company currency
    (``$%{x:,.0f}``): plotly.js formats the number, the locale places the symbol."""
    prefix, suffix = currency_affixes()
    return f"{label(prefix)}%{{{variable}:,.0f}}{label(suffix)}"


def money_axis(**extra) -> dict:
    """An axis whose ticks are whole money in the company currency."""
    prefix, suffix = currency_affixes()
    axis = {"tickformat": ",.0f", **extra}
    if prefix:
        axis["tickprefix"] = prefix
    if suffix:
        axis["ticksuffix"] = suffix
    return axis
