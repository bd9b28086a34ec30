"""The pipeline movement waterfall: from the pipeline at A, category by category, to B."""

from __future__ import annotations

from display.chartkit import ACCENT, BASE_LAYOUT, OK, PlotlyFigure, label, number
from goals.movement import BasisMovement

from .charts import BEHIND as BAD  # the one colour-blind-safe scale: orange for a fall
from .templatetags.pacer import figure as fmt

CATEGORY_WORDS = {
    "new": "New", "pulled_in": "Pulled in", "increased": "Increased", "decreased": "Decreased",
    "advanced": "Advanced", "regressed": "Regressed", "pushed": "Pushed", "won": "Won",
    "lost": "Lost", "removed": "Removed", "reassigned": "Reassigned",
}  # fmt: skip


def waterfall(part: BasisMovement, day_from, day_to, who: str) -> PlotlyFigure:
    """A Plotly waterfall from ``part.at_from`` through each category to ``part.at_to``."""
    names = [f"{day_from:%b %-d}"] + [CATEGORY_WORDS[c.category] for c in part.categories]
    names.append(f"{day_to:%b %-d}")
    values = [number(part.at_from)] + [number(c.amount) for c in part.categories]
    values.append(number(part.at_to))
    measures = ["absolute"] + ["relative"] * len(part.categories) + ["total"]
    basis = "weighted pipeline" if part.basis == "weighted" else "pipeline"
    title = (
        f"{label(who)}: in-quarter {basis} {fmt(part.at_from, 'currency')} on {day_from} → "
        f"{fmt(part.at_to, 'currency')} on {day_to}"
    )
    trace = {
        "type": "waterfall",
        "x": names,
        "y": values,
        "measure": measures,
        "increasing": {"marker": {"color": OK}},
        "decreasing": {"marker": {"color": BAD}},
        "totals": {"marker": {"color": ACCENT}},
        "hovertemplate": "%{x}: %{y:,.2f}<extra></extra>",
    }
    return {"data": [trace], "layout": {**BASE_LAYOUT, "title": {"text": title}}}
