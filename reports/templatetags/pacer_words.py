"""Template filters that put the engine's coaching and deal parts into a rep's words."""

from django import template

from goals.coaching import Miss

from .pacer import figure

# How each metric reads in "… more X" (the words a rep uses).
NEEDED_WORDS = {
    "closed_won_acv": "closed won",
    "weighted_pipeline": "weighted pipeline",
    "new_logos_in_pipe": "new-logo SAOs",
    "new_logos_closed": "new logos closed",
    "saos": "SAOs",
    "new_business_meetings": "new-business meetings",
    "rolling_attainment": "points of six-month rolling attainment",
}

register = template.Library()

BASIS_NAMES = {"pace": "today's pace", "target": "the full target"}


@register.filter
def metric_words(code: str) -> str:
    """``closed_won_acv`` → ``closed won``: how a sentence names a metric."""
    return NEEDED_WORDS.get(code, code)


@register.simple_tag
def miss_words(miss: Miss, metrics: dict, basis: str) -> str:
    """``closed won ($97,000 short of today's pace)``; a count says only ``(2 short)``."""
    unit = metrics[miss.metric].unit if miss.metric in metrics else "count"
    amount = figure(miss.short_by, unit)
    if unit == "currency":
        return f"{metric_words(miss.metric)} ({amount} short of {BASIS_NAMES[basis]})"
    return f"{metric_words(miss.metric)} ({amount} short)"


@register.filter
def basis_name(basis: str) -> str:
    return {"pace": "pace", "target": "full-target"}.get(basis, basis)


@register.filter
def coaching_on(result, basis: str) -> bool:
    """The engine's coaching flag of ``result`` on ``basis``."""
    return result.coaching(basis)


SHORT_STATES = {
    "none": "– no target",
    "met": "✓ met",
    "pace": "● on pace",
    "below": "▼ behind pace",
}


@register.filter
def attainment_short(f) -> str:
    """A team cell's state in two words, with its symbol (never colour alone)."""
    if f is None or f.target is None or f.value is None:
        return SHORT_STATES["none"]
    if not f.below:
        return SHORT_STATES["met"]
    return SHORT_STATES["below" if f.behind_pace else "pace"]
