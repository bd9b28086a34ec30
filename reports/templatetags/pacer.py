"""Template filters for figures: money, counts and percentages, by the metric's unit."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import SafeString, mark_safe

from goals.rows import rounded

register = template.Library()


@register.filter
def figure(value: Decimal | None, unit: str = "count") -> str:
    """Format a figure for its unit; a missing figure shows as an em dash."""
    if value is None:
        return "—"
    value = rounded(value)
    if unit == "currency":
        return f"${intcomma(f'{value:,.2f}'.replace(',', ''))}".replace(".00", "")
    if unit == "percent":
        return f"{value}%"
    return intcomma(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{rounded(value)}%"


@register.filter
def metric_label(code: str, metrics: dict) -> str:
    return metrics[code].label if code in metrics else code


@register.filter
def stage_label(stage: str) -> str:
    """``3`` → ``Stage 3``; ``won``/``lost`` → ``Closed Won``/``Closed Lost``."""
    return {"won": "Closed Won", "lost": "Closed Lost"}.get(stage, f"Stage {stage}")


@register.filter
def weight_percent(weight: Decimal | None) -> str:
    return "—" if weight is None else f"{rounded(weight * 100)}%"


@register.filter
def sort_key(value: Decimal | None) -> str:
    """A number for ``data-sort`` (table sorting); empty when there is none."""
    return "" if value is None else str(value)


@register.filter
def attainment_class(f) -> str:
    """The colour class of a figure's attainment cell (the cell also says it in words)."""
    if f is None or f.target is None or f.value is None:
        return "att-none"
    if not f.below:
        return "att-met"
    return "att-below" if f.behind_pace else "att-pace"


# A figure's state in words, beside its colour (class, words).
STATES = {
    "no-target": ("none", "No target"),
    "no-value": ("none", "No value"),
    "met": ("met", "✓ Target met"),
    "behind": ("below", "▼ Below target, behind pace"),
    "on-pace": ("pace", "● Below target, on pace"),
}


@register.filter
def attainment_state(f) -> SafeString:
    """The figure's state as a labelled span: no target or value, met, or below on or
    behind pace."""
    if f is None or f.target is None:
        key = "no-target"
    elif f.value is None:
        key = "no-value"
    elif not f.below:
        key = "met"
    else:
        key = "behind" if f.behind_pace else "on-pace"
    css, words = STATES[key]
    return mark_safe(f'<span class="state {css}">{words}</span>')  # noqa: S308 - constants


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def figure_for(result, code: str):
    return result.figure(code)
